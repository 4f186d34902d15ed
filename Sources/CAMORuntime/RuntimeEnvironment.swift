import Foundation

/// The one ONNX Runtime environment of the process. It owns the global intra-op thread pool that
/// every session shares (sessions own no pools), so sessions running at once do not oversubscribe
/// the cores.
public final class RuntimeEnvironment: @unchecked Sendable {
    /// Settings of the process-wide environment; they take effect when it is first created.
    public struct Options: Sendable, Equatable {
        /// Threads of the global intra-op pool, the calling thread included. Default: every core.
        public var intraOpThreads: Int
        /// Whether idle pool threads spin before sleeping. Default: false, unlike ONNX Runtime's own
        /// default: CAMO runs several images at once, and pool threads spinning between the small
        /// models' runs took the cores the other images needed (the dev set took 6.3 s with spinning,
        /// 4.5 s without, on 2 cores); one image alone was no slower without it.
        public var allowSpinning: Bool

        public init(intraOpThreads: Int = ProcessInfo.processInfo.activeProcessorCount, allowSpinning: Bool = false) {
            self.intraOpThreads = max(1, intraOpThreads)
            self.allowSpinning = allowSpinning
        }
    }

    public let library: OnnxRuntimeLibrary
    public let options: Options
    let env: OpaquePointer
    /// Describes caller-owned CPU buffers handed to ORT without a copy.
    let cpuMemoryInfo: OpaquePointer
    /// ORT's default allocator; it is never freed (ORT owns it).
    let allocator: OpaquePointer?
    var api: OrtFunctions { library.functions }

    private static let state = LockedValue<(options: Options, created: Result<RuntimeEnvironment, RuntimeError>?)>(
        (Options(), nil))

    /// Sets the options of the environment. Call before the first session; afterwards it throws
    /// `RuntimeError.environmentAlreadyCreated` unless the options are unchanged.
    public static func configure(_ options: Options) throws(RuntimeError) {
        try state.withLock { (state) throws(RuntimeError) in
            if state.created != nil {
                if state.options == options { return }
                throw .environmentAlreadyCreated
            }
            state.options = options
        }
    }

    /// The environment, created on first use.
    public static func shared() throws(RuntimeError) -> RuntimeEnvironment {
        let result = state.withLock { state in
            if let created = state.created { return created }
            let created = Result { () throws(RuntimeError) in try RuntimeEnvironment(options: state.options) }
            state.created = created
            return created
        }
        return try result.get()
    }

    private init(options: Options) throws(RuntimeError) {
        let library = try OnnxRuntimeLibrary.shared()
        let api = library.functions
        var threading: OpaquePointer?
        try api.check(api.createThreadingOptions(&threading), "creating threading options")
        defer { api.releaseThreadingOptions(threading) }
        try api.check(api.setGlobalIntraOpNumThreads(threading, Int32(clamping: options.intraOpThreads)), "setting intra-op threads")
        try api.check(api.setGlobalInterOpNumThreads(threading, 1), "setting inter-op threads")
        try api.check(api.setGlobalSpinControl(threading, options.allowSpinning ? 1 : 0), "setting spin control")
        var env: OpaquePointer?
        let errorLevel: Int32 = 3  // ORT_LOGGING_LEVEL_ERROR
        try api.check(api.createEnvWithGlobalThreadPools(errorLevel, "camo", threading, &env), "creating the environment")
        var memoryInfo: OpaquePointer?
        // OrtArenaAllocator (1), OrtMemTypeDefault (0): plain CPU memory.
        try api.check(api.createCpuMemoryInfo(1, 0, &memoryInfo), "creating CPU memory info")
        var allocator: OpaquePointer?
        try api.check(api.getAllocatorWithDefaultOptions(&allocator), "getting the default allocator")
        guard let env, let memoryInfo else {
            throw .onnxRuntime(code: .fail, message: "no object returned", context: "creating the environment")
        }
        self.library = library
        self.options = options
        self.env = env
        self.cpuMemoryInfo = memoryInfo
        self.allocator = allocator
    }
}
