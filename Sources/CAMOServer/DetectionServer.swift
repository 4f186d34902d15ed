import CAMO
import CAMOVision
import Foundation
import Hummingbird
import Logging

/// The HTTP face of a detection service: routes, limits, auth and metrics (`camo serve`).
public struct DetectionServer: Sendable {
    public let options: ServerOptions
    public let metrics = ServerMetrics()
    let admission: AdmissionControl
    let readiness: ServiceReadiness
    let jobs: VideoJobs

    /// A server for a service that is already loaded and warm: it is ready at once.
    public init(service: any DetectionService, options: ServerOptions = ServerOptions()) {
        self.options = options
        self.admission = AdmissionControl(maxConcurrency: options.maxConcurrency, queueDepth: options.queueDepth)
        self.readiness = ServiceReadiness(.ready(service))
        self.jobs = VideoJobs(capacity: options.maxVideoJobs, resultSeconds: options.jobResultSeconds)
    }

    /// A server whose service is still to be loaded: `/healthz` answers, but `/readyz` and the API answer 503
    /// until `prepare(loading:)` (or the application from `makeApplication(loading:)`) has loaded and warmed it up.
    public init(options: ServerOptions = ServerOptions()) {
        self.options = options
        self.admission = AdmissionControl(maxConcurrency: options.maxConcurrency, queueDepth: options.queueDepth)
        self.readiness = ServiceReadiness(.loading)
        self.jobs = VideoJobs(capacity: options.maxVideoJobs, resultSeconds: options.jobResultSeconds)
    }

    /// Loads the service, runs one warm-up detection (first runs allocate model buffers) and marks the server ready.
    /// A load that throws leaves the server not ready, saying why, and rethrows.
    public func prepare(logger: Logger = Logger(label: "camo.serve"),
                        loading: @Sendable () async throws -> any DetectionService) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let service: any DetectionService
        do {
            service = try await loading()
        } catch {
            readiness.failed("\(error)")
            logger.error("the pipeline failed to load", metadata: ["error": "\(error)"])
            throw error
        }
        let loaded = clock.now
        readiness.loaded(after: (loaded - start) / .seconds(1))
        let warmUp = await service.detect(bytes: Self.warmUpImage, id: "warm-up")
        if !warmUp.errors.isEmpty {
            logger.warning("the warm-up detection reported errors", metadata: ["errors": "\(warmUp.errors)"])
        }
        readiness.warmedUp(service, after: (clock.now - loaded) / .seconds(1))
        let timings = readiness.timings
        logger.info("ready", metadata: ["pipeline": "\(service.describe().name)", "load_seconds": "\(timings.load)",
                                        "warm_up_seconds": "\(timings.warmUp)"])
    }

    /// Every endpoint, behind the request-id, CORS and auth middleware.
    public func makeRouter() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        if !options.corsOrigins.isEmpty { router.add(middleware: CORSPolicyMiddleware(origins: Set(options.corsOrigins))) }
        router.add(middleware: RequestIDMiddleware(metrics: metrics))
        router.add(middleware: MethodNotAllowedMiddleware(allowed: Self.routes))
        if let token = options.apiToken, !token.isEmpty { router.add(middleware: BearerAuthMiddleware(token: token)) }

        router.get("/") { _, _ in Self.text(WebPage.html, type: "text/html; charset=utf-8") }
        router.get("/openapi.yaml") { _, _ in Self.text(OpenAPIDocument.yaml, type: "application/yaml") }
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            guard let reason = readiness.notReadyReason else { return Self.json(["status": "ready"]) }
            var response = Self.json(["status": "not_ready", "reason": reason])
            response.status = .serviceUnavailable
            response.headers[.retryAfter] = String(options.retryAfterSeconds)
            return response
        }
        router.get("/metrics") { _, _ in
            Self.text(metrics.render(inFlight: admission.inFlight, queued: admission.queued, ready: readiness.service != nil,
                                     loadSeconds: readiness.timings.load, warmUpSeconds: readiness.timings.warmUp),
                      type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/v1/pipeline") { _, _ in
            var description = try readyService().describe()
            description.version = options.version
            return Self.json(description)
        }
        router.post("/v1/detect") { request, context in try await detect(request, context: context) }
        router.post("/v1/jobs") { request, context in try await submitJob(request, context: context) }
        router.get("/v1/jobs/:id") { request, context in try await jobStatus(request, context: context) }
        return router
    }

    /// Every path the router serves and its methods: what `MethodNotAllowedMiddleware` answers 405 for otherwise.
    static let routes: [String: [HTTPRequest.Method]] = [
        "/": [.get], "/openapi.yaml": [.get], "/healthz": [.get], "/readyz": [.get], "/metrics": [.get],
        "/v1/pipeline": [.get], "/v1/detect": [.post], "/v1/jobs": [.post],
    ]

    /// The server as a service: `try await server.makeApplication().runService()` serves until SIGTERM or SIGINT,
    /// then stops accepting and lets in-flight requests finish. With `loading`, the service is loaded once the
    /// socket is bound (see `prepare(loading:)`); a load that fails stops the application with its error.
    public func makeApplication(
        logger: Logger = Logger(label: "camo.serve"),
        loading: (@Sendable () async throws -> any DetectionService)? = nil
    ) -> some ApplicationProtocol {
        let (bound, binding) = AsyncStream.makeStream(of: Void.self)
        var application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "camo"),
            onServerRunning: { channel in
                logger.info("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
                binding.yield()
                binding.finish()
            },
            logger: logger)
        if let loading {
            application.addServices(PipelineLoadingService(server: self, bound: bound, load: loading, logger: logger))
        }
        return application
    }

    func readyService() throws -> any DetectionService {
        if let service = readiness.service { return service }
        throw APIError.notReady(readiness.notReadyReason ?? "not ready", retryAfter: options.retryAfterSeconds)
    }

    /// Small enough to decode in a blink, with enough structure that every stage does real work.
    static let warmUpImage: Data = {
        var pixels = [UInt8](repeating: 0, count: 320 * 240 * 3)
        for y in 0..<240 {
            for x in 0..<320 {
                let offset = (y * 320 + x) * 3
                pixels[offset] = UInt8(x * 255 / 319)
                pixels[offset + 1] = UInt8(y * 255 / 239)
                pixels[offset + 2] = UInt8((x ^ y) & 0xFF)
            }
        }
        let image = (try? Image(width: 320, height: 240, pixels: pixels)) ?? Image(width: 320, height: 240)
        return (try? ImageEncoder.png(image)) ?? Data()
    }()

    private func detect(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let service = try readyService()
        if admission.isFull { throw APIError.queueFull(retryAfter: options.retryAfterSeconds) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxBodyBytes {
            throw APIError.tooLarge(limit: options.maxBodyBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: options.maxBodyBytes)
        } catch {
            throw APIError.tooLarge(limit: options.maxBodyBytes)
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let parsed = try DetectRequest(contentType: request.headers[.contentType], body: Data(buffer: buffer),
                                       query: query, maxBatch: options.maxBatch)
        let name = service.describe().name
        if let wanted = parsed.pipeline, wanted != name {
            throw APIError(.notFound, code: "unknown_pipeline", "this server runs pipeline '\(name)', not '\(wanted)'")
        }
        // Results are named after the request, so a client can match a result to its logs.
        let requestID = context.logger[metadataKey: "request_id"].map { "\($0)" } ?? "request"
        let admission = self.admission
        let images = parsed.images
        let includingObjects = parsed.include?.contains(.objects) ?? false
        var results: [DetectionResult]
        do {
            results = try await Deadline.run(seconds: options.timeoutSeconds) {
                try await admission.run {
                    var results: [DetectionResult] = []
                    for (index, bytes) in images.enumerated() {
                        let id = images.count == 1 ? requestID : "\(requestID)-\(index)"
                        results.append(await service.detect(bytes: bytes, id: id, includingObjects: includingObjects))
                    }
                    return results
                }
            }
        } catch AdmissionControl.Refusal.queueFull {
            throw APIError.queueFull(retryAfter: options.retryAfterSeconds)
        }
        for index in results.indices {
            metrics.record(results[index])
            results[index] = shaped(results[index], parsed, service)
        }
        metrics.recordDetection(seconds: (clock.now - start) / .seconds(1))
        return parsed.isBatch ? Self.json(BatchResponse(results: results)) : Self.json(results[0])
    }

    /// Applies the request's threshold (to uncalibrated verdicts only: a calibrated verdict keeps its error budget)
    /// and leaves out the parts the request did not ask for.
    private func shaped(_ result: DetectionResult, _ request: DetectRequest, _ service: any DetectionService) -> DetectionResult {
        var result = result
        if let threshold = request.threshold, result.basis == .uncalibratedExperts {
            result.threshold = threshold
            if let pFake = result.pFake { result.verdict = service.verdict(for: pFake, threshold: threshold) }
        }
        if let include = request.include {
            if !include.contains(.gate) && !include.contains(.objects) { result.gate = nil }
            if !include.contains(.experts) { result.experts = [] }
            if !include.contains(.timings) { result.timingsMs = [:] }
        }
        return result
    }

    struct BatchResponse: Encodable {
        var results: [DetectionResult]
    }

    static func json(_ value: some Encodable) -> Response {
        let data = (try? JSONConvention.encoder().encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
