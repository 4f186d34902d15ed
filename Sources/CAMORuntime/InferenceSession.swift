import Foundation

/// A loaded ONNX model, ready to run. Safe to `run` from several threads or tasks at once
/// (ONNX Runtime's `Run` is thread-safe); every session shares the environment's thread pool.
public final class InferenceSession: @unchecked Sendable {
    public let modelURL: URL
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]
    /// What the file itself declares (opsets, producer, operators), read before loading.
    public let model: ONNXModel

    private let environment: RuntimeEnvironment
    private let session: OpaquePointer
    /// C copies of the input and output names, made once and freed in `deinit`.
    private let inputNames: [UnsafeMutablePointer<CChar>]
    private let outputNames: [UnsafeMutablePointer<CChar>]
    private var api: OrtFunctions { environment.api }
    private var modelName: String { modelURL.lastPathComponent }

    /// Threads that run inference for the `async` API, so a blocking `Run` never occupies Swift's
    /// cooperative pool.
    private static let inferenceQueue = DispatchQueue(label: "camo.onnx.inference", attributes: .concurrent)

    /// Loads the model at `url`. The file is read and checked (sha256 when `options` gives one, ONNX
    /// structure, external-data paths) before ONNX Runtime sees it.
    public init(contentsOf url: URL, options: SessionOptions = SessionOptions()) throws(RuntimeError) {
        let name = url.lastPathComponent
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw .modelUnreadable(model: url.path, reason: String(describing: error))
        }
        if let expected = options.expectedSHA256 {
            let actual = SHA256.hexDigest(bytes)
            guard actual == expected.lowercased() else {
                throw .checksumMismatch(model: url.path, expected: expected, actual: actual)
            }
        }
        let model: ONNXModel
        do {
            model = try ONNXModel(bytes: bytes)
        } catch {
            throw .notONNX(model: url.path, reason: error)
        }
        try Self.checkExternalData(model.externalDataLocations, of: url)

        let environment = try RuntimeEnvironment.shared()
        let api = environment.api
        var sessionOptions: OpaquePointer?
        try api.check(api.createSessionOptions(&sessionOptions), "creating session options for \(name)")
        defer { api.releaseSessionOptions(sessionOptions) }
        try api.check(api.setSessionLogSeverityLevel(sessionOptions, 3), "setting the log level")
        try api.check(api.setSessionGraphOptimizationLevel(sessionOptions, options.graphOptimization.rawValue), "setting the optimisation level")
        try api.check((options.memoryPattern ? api.enableMemPattern : api.disableMemPattern)(sessionOptions), "setting the memory pattern")
        try api.check((options.cpuArena ? api.enableCpuMemArena : api.disableCpuMemArena)(sessionOptions), "setting the CPU arena")
        try api.check(api.disablePerSessionThreads(sessionOptions), "selecting the global thread pool")

        var session: OpaquePointer?
        if model.externalDataLocations.isEmpty {
            let status = bytes.withUnsafeBytes { buffer in
                api.createSessionFromArray(environment.env, buffer.baseAddress, buffer.count, sessionOptions, &session)
            }
            try api.check(status, "loading model \(url.path)")
        } else {
            // ONNX Runtime finds external data relative to the model's path.
            try api.check(api.createSession(environment.env, url.path, sessionOptions, &session), "loading model \(url.path)")
        }
        guard let session else {
            throw .onnxRuntime(code: .fail, message: "no session returned", context: "loading model \(url.path)")
        }

        self.modelURL = url
        self.model = model
        self.environment = environment
        self.session = session
        do {
            let inputCount = try Self.count(api, api.sessionGetInputCount, session, "counting inputs of \(name)")
            let outputCount = try Self.count(api, api.sessionGetOutputCount, session, "counting outputs of \(name)")
            var inputs: [TensorInfo] = []
            for index in 0..<inputCount {
                inputs.append(try Self.info(environment, session, index, api.sessionGetInputName, api.sessionGetInputTypeInfo, name))
            }
            var outputs: [TensorInfo] = []
            for index in 0..<outputCount {
                outputs.append(try Self.info(environment, session, index, api.sessionGetOutputName, api.sessionGetOutputTypeInfo, name))
            }
            self.inputs = inputs
            self.outputs = outputs
        } catch {
            api.releaseSession(session)
            throw error
        }
        inputNames = inputs.map { strdup($0.name) }
        outputNames = outputs.map { strdup($0.name) }
    }

    deinit {
        api.releaseSession(session)
        inputNames.forEach { free($0) }
        outputNames.forEach { free($0) }
    }

    /// Runs the model on `feeds` (input name → tensor) and returns the requested outputs (all when
    /// nil). Inputs are lent to ONNX Runtime without a copy; outputs are copied out of it.
    public func run(_ feeds: [String: Tensor], outputs requested: [String]? = nil) throws(RuntimeError) -> [String: Tensor] {
        let inputIndices = try checkFeeds(feeds)
        let outputIndices = try (requested ?? outputs.map(\.name)).map { (name) throws(RuntimeError) in
            guard let index = outputs.firstIndex(where: { $0.name == name }) else {
                throw .unknownOutput(model: modelName, name: name, available: outputs.map(\.name))
            }
            return index
        }
        var inputValues: [OpaquePointer?] = []
        inputValues.reserveCapacity(inputIndices.count)
        defer { inputValues.forEach(api.releaseValue) }
        for (index, tensor) in inputIndices {
            var value: OpaquePointer?
            let shape = tensor.shape.map { Int64($0) }
            try api.check(
                api.createTensorWithDataAsOrtValue(
                    environment.cpuMemoryInfo, tensor.storage.bytes, tensor.storage.byteCount,
                    shape, shape.count, tensor.elementType.onnxCode, &value),
                "handing input '\(inputs[index].name)' of \(modelName) to ONNX Runtime")
            inputValues.append(value)
        }
        let inputNamePointers: [UnsafePointer<CChar>?] = inputIndices.map { UnsafePointer(inputNames[$0.index]) }
        let outputNamePointers: [UnsafePointer<CChar>?] = outputIndices.map { UnsafePointer(outputNames[$0]) }
        var outputValues = [OpaquePointer?](repeating: nil, count: outputIndices.count)
        defer { outputValues.forEach(api.releaseValue) }
        // The tensors own the memory ORT borrows: keep them alive until `Run` has returned.
        try withExtendedLifetime(feeds) { () throws(RuntimeError) in
            try api.check(
                api.run(session, nil, inputNamePointers, inputValues, inputValues.count,
                        outputNamePointers, outputNamePointers.count, &outputValues),
                "running model \(modelURL.path)")
        }
        var results: [String: Tensor] = [:]
        for (position, index) in outputIndices.enumerated() {
            results[outputs[index].name] = try copyTensor(outputValues[position], name: outputs[index].name)
        }
        return results
    }

    /// `run` on a thread of its own: `Run` blocks, and must not hold a cooperative-pool thread.
    public func run(_ feeds: [String: Tensor], outputs requested: [String]? = nil) async throws(RuntimeError) -> [String: Tensor] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[String: Tensor], RuntimeError>, Never>) in
            Self.inferenceQueue.async {
                continuation.resume(returning: Result { () throws(RuntimeError) in try self.run(feeds, outputs: requested) })
            }
        }
        return try result.get()
    }

    /// Checks names, element types and shapes of `feeds` against the model, in input order.
    private func checkFeeds(_ feeds: [String: Tensor]) throws(RuntimeError) -> [(index: Int, tensor: Tensor)] {
        for name in feeds.keys where !inputs.contains(where: { $0.name == name }) {
            throw .unknownInput(model: modelName, name: name, expected: inputs.map(\.name))
        }
        var checked: [(index: Int, tensor: Tensor)] = []
        for (index, input) in inputs.enumerated() {
            guard let tensor = feeds[input.name] else { throw .missingInput(model: modelName, name: input.name) }
            guard input.elementType == tensor.elementType else {
                throw .elementTypeMismatch(model: modelName, input: input.name, expected: input.typeDescription, given: tensor.elementType)
            }
            guard input.accepts(shape: tensor.shape) else {
                throw .shapeMismatch(model: modelName, input: input.name, expected: input.dimensions, given: tensor.shape)
            }
            checked.append((index, tensor))
        }
        return checked
    }

    private func copyTensor(_ value: OpaquePointer?, name: String) throws(RuntimeError) -> Tensor {
        // Built only on failure: formatting it on every run would cost as much as the hand-over.
        func context() -> String { "reading output '\(name)' of \(modelName)" }
        var info: OpaquePointer?
        try api.check(api.getTensorTypeAndShape(value, &info), context())
        defer { api.releaseTensorTypeAndShapeInfo(info) }
        let (code, dimensions, _) = try Self.typeAndShape(api, info, context)
        guard let type = ElementType(onnxCode: code) else {
            throw .unsupportedOutputType(model: modelName, output: name, onnxElementType: code)
        }
        var data: UnsafeMutableRawPointer?
        try api.check(api.getTensorMutableData(value, &data), context())
        let shape = dimensions.map { Int(clamping: $0) }
        do {
            return try Tensor(elementType: type, shape: shape) { target in
                if let data, target.count > 0 { target.copyMemory(from: UnsafeRawBufferPointer(start: data, count: target.count)) }
            }
        } catch {
            throw .onnxRuntime(code: .fail, message: String(describing: error), context: context())
        }
    }

    private static func count(
        _ api: OrtFunctions, _ get: OrtFunctions.GetCount, _ session: OpaquePointer, _ context: String
    ) throws(RuntimeError) -> Int {
        var count = 0
        try api.check(get(session, &count), context)
        return count
    }

    private static func info(
        _ environment: RuntimeEnvironment, _ session: OpaquePointer, _ index: Int,
        _ getName: OrtFunctions.GetName, _ getTypeInfo: OrtFunctions.GetIndexed, _ model: String
    ) throws(RuntimeError) -> TensorInfo {
        let api = environment.api
        let context = "reading the metadata of \(model)"
        let name = try api.string(allocator: environment.allocator, context: context) { getName(session, index, environment.allocator, $0) }
        var typeInfo: OpaquePointer?
        try api.check(getTypeInfo(session, index, &typeInfo), context)
        defer { api.releaseTypeInfo(typeInfo) }
        var onnxType: Int32 = 0
        try api.check(api.getOnnxTypeFromTypeInfo(typeInfo, &onnxType), context)
        guard onnxType == 1 else {  // ONNX_TYPE_TENSOR
            return TensorInfo(name: name, elementType: nil, onnxElementType: 0, dimensions: [])
        }
        // Owned by `typeInfo`: not released separately.
        var tensorInfo: OpaquePointer?
        try api.check(api.castTypeInfoToTensorInfo(typeInfo, &tensorInfo), context)
        let (code, dimensions, symbols) = try typeAndShape(api, tensorInfo, { context }, symbolic: true)
        let described = zip(dimensions, symbols).map { size, symbol -> TensorInfo.Dimension in
            size >= 0 ? .fixed(Int(clamping: size)) : .symbolic(symbol)
        }
        return TensorInfo(name: name, elementType: ElementType(onnxCode: code), onnxElementType: code, dimensions: described)
    }

    private static func typeAndShape(
        _ api: OrtFunctions, _ info: OpaquePointer?, _ context: () -> String, symbolic: Bool = false
    ) throws(RuntimeError) -> (Int32, [Int64], [String]) {
        var code: Int32 = 0
        try api.check(api.getTensorElementType(info, &code), context())
        var rank = 0
        try api.check(api.getDimensionsCount(info, &rank), context())
        var dimensions = [Int64](repeating: 0, count: rank)
        try api.check(api.getDimensions(info, &dimensions, rank), context())
        guard symbolic else { return (code, dimensions, []) }
        var symbols = [UnsafePointer<CChar>?](repeating: nil, count: rank)
        try api.check(api.getSymbolicDimensions(info, &symbols, rank), context())
        return (code, dimensions, symbols.map { $0.map { String(cString: $0) } ?? "" })
    }

    /// External data must sit inside the model's folder, and exist.
    private static func checkExternalData(_ locations: [String], of url: URL) throws(RuntimeError) {
        let folder = url.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
        for location in locations {
            let resolved = URL(fileURLWithPath: location, relativeTo: URL(fileURLWithPath: folder, isDirectory: true))
                .standardizedFileURL.resolvingSymlinksInPath().path
            guard !location.hasPrefix("/"), resolved.hasPrefix(folder + "/") else {
                throw .externalDataOutsideModelFolder(model: url.path, location: location)
            }
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw .externalDataMissing(model: url.path, location: location)
            }
        }
    }
}
