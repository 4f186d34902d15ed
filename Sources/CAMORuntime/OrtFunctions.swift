/// The `OrtApi` functions this binding calls, as typed C function pointers read from the table by
/// slot number (see `OrtSlot`). ORT objects are opaque pointers; a non-nil returned pointer is an
/// `OrtStatus` describing a failure.
struct OrtFunctions: @unchecked Sendable {
    typealias Status = OpaquePointer?
    typealias Out<T> = UnsafeMutablePointer<T>?
    typealias CString = UnsafePointer<CChar>?
    typealias Release = @convention(c) (OpaquePointer?) -> Void
    typealias Unary = @convention(c) (OpaquePointer?) -> Status
    typealias GetCount = @convention(c) (OpaquePointer?, Out<Int>) -> Status
    typealias GetIndexed = @convention(c) (OpaquePointer?, Int, Out<OpaquePointer?>) -> Status
    typealias GetName = @convention(c) (OpaquePointer?, Int, OpaquePointer?, Out<UnsafeMutablePointer<CChar>?>) -> Status
    typealias GetObject = @convention(c) (OpaquePointer?, Out<OpaquePointer?>) -> Status
    typealias GetInt32 = @convention(c) (OpaquePointer?, Out<Int32>) -> Status
    typealias SetInt32 = @convention(c) (OpaquePointer?, Int32) -> Status

    let createStatus: @convention(c) (Int32, CString) -> Status
    let getErrorCode: @convention(c) (OpaquePointer?) -> Int32
    let getErrorMessage: @convention(c) (OpaquePointer?) -> CString
    let createSession: @convention(c) (OpaquePointer?, CString, OpaquePointer?, Out<OpaquePointer?>) -> Status
    let createSessionFromArray: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, OpaquePointer?, Out<OpaquePointer?>) -> Status
    let run: @convention(c) (
        OpaquePointer?, OpaquePointer?,
        UnsafePointer<CString>?, UnsafePointer<OpaquePointer?>?, Int,
        UnsafePointer<CString>?, Int, Out<OpaquePointer?>
    ) -> Status
    let createSessionOptions: @convention(c) (Out<OpaquePointer?>) -> Status
    let enableMemPattern: Unary
    let disableMemPattern: Unary
    let enableCpuMemArena: Unary
    let disableCpuMemArena: Unary
    let setSessionLogSeverityLevel: SetInt32
    let setSessionGraphOptimizationLevel: SetInt32
    let sessionGetInputCount: GetCount
    let sessionGetOutputCount: GetCount
    let sessionGetInputTypeInfo: GetIndexed
    let sessionGetOutputTypeInfo: GetIndexed
    let sessionGetInputName: GetName
    let sessionGetOutputName: GetName
    let createTensorWithDataAsOrtValue: @convention(c) (
        OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafePointer<Int64>?, Int, Int32, Out<OpaquePointer?>
    ) -> Status
    let getTensorMutableData: @convention(c) (OpaquePointer?, Out<UnsafeMutableRawPointer?>) -> Status
    let castTypeInfoToTensorInfo: GetObject
    let getOnnxTypeFromTypeInfo: GetInt32
    let getTensorElementType: GetInt32
    let getDimensionsCount: GetCount
    let getDimensions: @convention(c) (OpaquePointer?, Out<Int64>, Int) -> Status
    let getSymbolicDimensions: @convention(c) (OpaquePointer?, Out<CString>, Int) -> Status
    let getTensorTypeAndShape: GetObject
    let createCpuMemoryInfo: @convention(c) (Int32, Int32, Out<OpaquePointer?>) -> Status
    let allocatorFree: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Status
    let getAllocatorWithDefaultOptions: @convention(c) (Out<OpaquePointer?>) -> Status
    let releaseStatus: Release
    let releaseMemoryInfo: Release
    let releaseSession: Release
    let releaseValue: Release
    let releaseTypeInfo: Release
    let releaseTensorTypeAndShapeInfo: Release
    let releaseSessionOptions: Release
    let createEnvWithGlobalThreadPools: @convention(c) (Int32, CString, OpaquePointer?, Out<OpaquePointer?>) -> Status
    let disablePerSessionThreads: Unary
    let createThreadingOptions: @convention(c) (Out<OpaquePointer?>) -> Status
    let releaseThreadingOptions: Release
    let setGlobalIntraOpNumThreads: SetInt32
    let setGlobalInterOpNumThreads: SetInt32
    let setGlobalSpinControl: SetInt32

    /// Reads every slot from `table`; `nil` when one of them is empty, which a real table of the
    /// requested version never has.
    init?(table: UnsafePointer<UnsafeRawPointer?>) {
        for slot in OrtSlot.allCases where table[slot.rawValue] == nil { return nil }
        func load<T>(_ slot: OrtSlot, _: T.Type = T.self) -> T {
            unsafeBitCast(table[slot.rawValue], to: T.self)
        }
        createStatus = load(.createStatus)
        getErrorCode = load(.getErrorCode)
        getErrorMessage = load(.getErrorMessage)
        createSession = load(.createSession)
        createSessionFromArray = load(.createSessionFromArray)
        run = load(.run)
        createSessionOptions = load(.createSessionOptions)
        enableMemPattern = load(.enableMemPattern)
        disableMemPattern = load(.disableMemPattern)
        enableCpuMemArena = load(.enableCpuMemArena)
        disableCpuMemArena = load(.disableCpuMemArena)
        setSessionLogSeverityLevel = load(.setSessionLogSeverityLevel)
        setSessionGraphOptimizationLevel = load(.setSessionGraphOptimizationLevel)
        sessionGetInputCount = load(.sessionGetInputCount)
        sessionGetOutputCount = load(.sessionGetOutputCount)
        sessionGetInputTypeInfo = load(.sessionGetInputTypeInfo)
        sessionGetOutputTypeInfo = load(.sessionGetOutputTypeInfo)
        sessionGetInputName = load(.sessionGetInputName)
        sessionGetOutputName = load(.sessionGetOutputName)
        createTensorWithDataAsOrtValue = load(.createTensorWithDataAsOrtValue)
        getTensorMutableData = load(.getTensorMutableData)
        castTypeInfoToTensorInfo = load(.castTypeInfoToTensorInfo)
        getOnnxTypeFromTypeInfo = load(.getOnnxTypeFromTypeInfo)
        getTensorElementType = load(.getTensorElementType)
        getDimensionsCount = load(.getDimensionsCount)
        getDimensions = load(.getDimensions)
        getSymbolicDimensions = load(.getSymbolicDimensions)
        getTensorTypeAndShape = load(.getTensorTypeAndShape)
        createCpuMemoryInfo = load(.createCpuMemoryInfo)
        allocatorFree = load(.allocatorFree)
        getAllocatorWithDefaultOptions = load(.getAllocatorWithDefaultOptions)
        releaseStatus = load(.releaseStatus)
        releaseMemoryInfo = load(.releaseMemoryInfo)
        releaseSession = load(.releaseSession)
        releaseValue = load(.releaseValue)
        releaseTypeInfo = load(.releaseTypeInfo)
        releaseTensorTypeAndShapeInfo = load(.releaseTensorTypeAndShapeInfo)
        releaseSessionOptions = load(.releaseSessionOptions)
        createEnvWithGlobalThreadPools = load(.createEnvWithGlobalThreadPools)
        disablePerSessionThreads = load(.disablePerSessionThreads)
        createThreadingOptions = load(.createThreadingOptions)
        releaseThreadingOptions = load(.releaseThreadingOptions)
        setGlobalIntraOpNumThreads = load(.setGlobalIntraOpNumThreads)
        setGlobalInterOpNumThreads = load(.setGlobalInterOpNumThreads)
        setGlobalSpinControl = load(.setGlobalSpinControl)
    }

    /// Turns a returned status into a typed error (releasing the status), or does nothing on success.
    func check(_ status: Status, _ context: @autoclosure () -> String) throws(RuntimeError) {
        guard let status else { return }
        let code = getErrorCode(status)
        let message = getErrorMessage(status).map { String(cString: $0) } ?? ""
        releaseStatus(status)
        throw .onnxRuntime(code: OrtErrorCode(rawValue: code), message: message, context: context())
    }

    /// Calls a getter that returns an ORT-allocated C string, copies it and frees ORT's copy.
    func string(
        allocator: OpaquePointer?, context: @autoclosure () -> String,
        _ get: (Out<UnsafeMutablePointer<CChar>?>) -> Status
    ) throws(RuntimeError) -> String {
        var pointer: UnsafeMutablePointer<CChar>?
        try check(get(&pointer), context())
        guard let pointer else { return "" }
        defer { _ = allocatorFree(allocator, pointer).map(releaseStatus) }
        return String(cString: pointer)
    }
}
