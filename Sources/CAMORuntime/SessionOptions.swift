/// How a model is loaded. Thread counts belong to `RuntimeEnvironment.Options`: every session
/// shares the environment's global thread pool.
public struct SessionOptions: Sendable, Equatable {
    public enum GraphOptimization: Int32, Sendable {
        case disabled = 0, basic = 1, extended = 2, all = 99
    }

    /// Graph rewrites applied at load. Default: `.all`, as ONNX Runtime does.
    public var graphOptimization: GraphOptimization
    /// Plan tensor memory once from the first run's shapes. Default: true (ORT's default).
    public var memoryPattern: Bool
    /// Serve CPU tensors from ORT's arena instead of malloc. Default: true (ORT's default).
    public var cpuArena: Bool
    /// Lower-case hex sha256 the file must have (from the model registry), or nil to skip the check.
    public var expectedSHA256: String?

    public init(
        graphOptimization: GraphOptimization = .all, memoryPattern: Bool = true, cpuArena: Bool = true,
        expectedSHA256: String? = nil
    ) {
        self.graphOptimization = graphOptimization
        self.memoryPattern = memoryPattern
        self.cpuArena = cpuArena
        self.expectedSHA256 = expectedSHA256
    }
}
