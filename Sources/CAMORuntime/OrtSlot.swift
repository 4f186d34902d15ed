/// Positions, counted from 0, of the `OrtApi` function pointers this binding calls.
///
/// ONNX Runtime's C ABI is append-only: a slot, once shipped, never moves. The numbers come from
/// counting the members of `struct OrtApi` in `onnxruntime_c_api.h` and agree with the
/// `static_assert(offsetof(OrtApi, …))` checks in ONNX Runtime's `onnxruntime_c_api.cc`
/// (ReleaseCustomOpDomain 101, ReleaseModelMetadata 118, SetGlobalSpinControl 149).
/// `OrtSlotTests` checks each one against a behaviour, so a wrong number fails loudly.
enum OrtSlot: Int, CaseIterable {
    case createStatus = 0
    case getErrorCode = 1
    case getErrorMessage = 2
    case createSession = 7
    case createSessionFromArray = 8
    case run = 9
    case createSessionOptions = 10
    case enableMemPattern = 16
    case disableMemPattern = 17
    case enableCpuMemArena = 18
    case disableCpuMemArena = 19
    case setSessionLogSeverityLevel = 22
    case setSessionGraphOptimizationLevel = 23
    case sessionGetInputCount = 30
    case sessionGetOutputCount = 31
    case sessionGetInputTypeInfo = 33
    case sessionGetOutputTypeInfo = 34
    case sessionGetInputName = 36
    case sessionGetOutputName = 37
    case createTensorWithDataAsOrtValue = 49
    case getTensorMutableData = 51
    case castTypeInfoToTensorInfo = 55
    case getOnnxTypeFromTypeInfo = 56
    case getTensorElementType = 60
    case getDimensionsCount = 61
    case getDimensions = 62
    case getSymbolicDimensions = 63
    case getTensorTypeAndShape = 65
    case createCpuMemoryInfo = 69
    case allocatorFree = 76
    case getAllocatorWithDefaultOptions = 78
    case releaseStatus = 93
    case releaseMemoryInfo = 94
    case releaseSession = 95
    case releaseValue = 96
    case releaseTypeInfo = 98
    case releaseTensorTypeAndShapeInfo = 99
    case releaseSessionOptions = 100
    case createEnvWithGlobalThreadPools = 119
    case disablePerSessionThreads = 120
    case createThreadingOptions = 121
    case releaseThreadingOptions = 122
    case setGlobalIntraOpNumThreads = 147
    case setGlobalInterOpNumThreads = 148
    case setGlobalSpinControl = 149

    /// The oldest `OrtApi` version that has every slot above: SetGlobal*NumThreads and
    /// SetGlobalSpinControl arrived in version 5 (ONNX Runtime 1.5).
    static let requiredAPIVersion: UInt32 = 5
}
