import ArgumentParser
import CAMO
import CAMOGate
import CAMOServer
import CAMOVision
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the detection API and its web page over HTTP.",
        discussion: """
            Each option may also be set by an environment variable (CAMO_HOST, CAMO_PORT, CAMO_PIPELINE, \
            CAMO_MAX_CONCURRENCY, CAMO_QUEUE, CAMO_TIMEOUT, CAMO_MAX_BODY_MB, CAMO_CORS_ORIGINS as a comma list); \
            the flag wins. CAMO_API_TOKEN, when set, makes /v1/* and /metrics require that bearer token. \
            SIGTERM or SIGINT stops taking connections and lets requests in flight finish. See docs/server.md.
            """
    )

    @Option(help: "Address to listen on (default 127.0.0.1; 0.0.0.0 listens on every interface).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "Pipeline file (YAML; default pipelines/default.yaml).")
    var pipeline: String?

    @Option(help: "Images judged at once (default 2).")
    var maxConcurrency: Int?

    @Option(help: "Requests that may wait for a slot; past this the answer is 503 with Retry-After (default 16).")
    var queue: Int?

    @Option(help: "Seconds a request may wait and run before it is answered 504 (default 30).")
    var timeout: Double?

    @Option(help: "Largest request body in megabytes (default 20).")
    var maxBodyMb: Int?

    @Option(help: "Largest video a job may upload, in megabytes (default 512).")
    var maxVideoMb: Int?

    @Option(help: "Video jobs queued or running at most; past this POST /v1/jobs answers 503 (default 8).")
    var maxVideoJobs: Int?

    @Option(help: "Seconds a finished video job's result is kept (default 3600).")
    var jobResultSeconds: Double?

    @Option(help: "An origin allowed to call the API from a browser, e.g. chrome-extension://ID; '*' allows any. Repeatable.")
    var corsOrigin: [String] = []

    @Option(help: "The ID of the CAMO browser extension (chrome://extensions shows it) allowed to call the API: its chrome-extension:// and moz-extension:// origins, no other. Repeatable.")
    var allowExtension: [String] = []

    @OptionGroup var budget: ErrorBudgetOptions

    func validate() throws {
        try budget.validate()
        for id in allowExtension where id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "@" || $0 == "." }) {
            throw ValidationError("--allow-extension '\(id)' is not an extension ID")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var options = ServerOptions()
        options.host = host ?? environment["CAMO_HOST"] ?? options.host
        options.port = try port ?? Self.number("CAMO_PORT", environment) ?? options.port
        options.maxConcurrency = try maxConcurrency ?? Self.number("CAMO_MAX_CONCURRENCY", environment) ?? options.maxConcurrency
        options.queueDepth = try queue ?? Self.number("CAMO_QUEUE", environment) ?? options.queueDepth
        options.timeoutSeconds = try timeout ?? Self.number("CAMO_TIMEOUT", environment) ?? options.timeoutSeconds
        if let megabytes = try maxBodyMb ?? Self.number("CAMO_MAX_BODY_MB", environment) {
            options.maxBodyBytes = megabytes * 1024 * 1024
        }
        if let megabytes = try maxVideoMb ?? Self.number("CAMO_MAX_VIDEO_MB", environment) { options.maxVideoBytes = megabytes * 1024 * 1024 }
        options.maxVideoJobs = try maxVideoJobs ?? Self.number("CAMO_MAX_VIDEO_JOBS", environment) ?? options.maxVideoJobs
        options.jobResultSeconds = jobResultSeconds ?? options.jobResultSeconds
        options.corsOrigins = corsOrigin.isEmpty
            ? (environment["CAMO_CORS_ORIGINS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            : corsOrigin
        options.corsOrigins += allowExtension.flatMap { ["chrome-extension://\($0)", "moz-extension://\($0)"] }
        options.apiToken = environment["CAMO_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        options.version = CamoVersion.number
        guard options.maxConcurrency >= 1, options.queueDepth >= 0, options.timeoutSeconds > 0, options.maxBodyBytes > 0,
              (0...65535).contains(options.port), options.maxVideoBytes > 0, options.maxVideoJobs >= 0, options.jobResultSeconds >= 0
        else {
            throw ValidationError("--max-concurrency must be ≥ 1, --queue ≥ 0, --timeout, --max-body-mb and --max-video-mb > 0, "
                + "--max-video-jobs and --job-result-seconds ≥ 0, --port 0…65535")
        }

        Self.returnFreedBuffersToTheSystem()
        // The socket is bound first, so /healthz answers while the models load; /readyz says when they have.
        let pipelineFile = (pipeline ?? environment["CAMO_PIPELINE"]).map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline
        let server = DetectionServer(options: options)
        let budget = self.budget
        try await server.makeApplication(loading: {
            var pipeline = try Pipeline.load(contentsOf: pipelineFile, models: try ModelRegistry(contentsOf: CamoHome.registry))
            budget.apply(to: &pipeline)
            return pipeline
        }).runService()
    }

    /// glibc raises its mmap threshold whenever a large block is freed; from then on image-sized buffers come from
    /// the heap and stay resident after they are freed, so RSS climbs under load and never comes down. A fixed
    /// threshold (and trim threshold) of 128 KB hands them back to the kernel (docs/server.md, "Memory").
    /// `mallopt` is not in Swift's Glibc module, hence the lookup; the environment's MALLOC_*_ settings win.
    private static func returnFreedBuffersToTheSystem() {
        #if canImport(Glibc)
        let environment = ProcessInfo.processInfo.environment
        guard environment["MALLOC_MMAP_THRESHOLD_"] == nil, environment["MALLOC_TRIM_THRESHOLD_"] == nil,
              let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")  // RTLD_DEFAULT
        else { return }
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1  // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 128 * 1024)
        _ = mallopt(trimThreshold, 128 * 1024)
        #endif
    }

    private static func number<T: LosslessStringConvertible>(_ name: String, _ environment: [String: String]) throws -> T? {
        guard let text = environment[name] else { return nil }
        guard let value = T(text) else { throw ValidationError("\(name)='\(text)' is not a number") }
        return value
    }
}
