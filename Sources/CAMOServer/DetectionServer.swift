import CAMO
import Foundation
import Hummingbird
import Logging

/// The HTTP face of a detection service: routes, limits, auth and metrics (`camo serve`).
public struct DetectionServer: Sendable {
    public let service: any DetectionService
    public let options: ServerOptions
    public let metrics = ServerMetrics()
    let admission: AdmissionControl

    public init(service: any DetectionService, options: ServerOptions = ServerOptions()) {
        self.service = service
        self.options = options
        self.admission = AdmissionControl(maxConcurrency: options.maxConcurrency, queueDepth: options.queueDepth)
    }

    /// Every endpoint, behind the request-id, CORS and auth middleware.
    public func makeRouter() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        if !options.corsOrigins.isEmpty { router.add(middleware: CORSPolicyMiddleware(origins: Set(options.corsOrigins))) }
        router.add(middleware: RequestIDMiddleware(metrics: metrics))
        if let token = options.apiToken, !token.isEmpty { router.add(middleware: BearerAuthMiddleware(token: token)) }

        router.get("/") { _, _ in Self.text(WebPage.html, type: "text/html; charset=utf-8") }
        router.get("/openapi.yaml") { _, _ in Self.text(OpenAPIDocument.yaml, type: "application/yaml") }
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in Self.json(["status": "ready"]) }
        router.get("/metrics") { _, _ in
            Self.text(metrics.render(inFlight: admission.inFlight, queued: admission.queued,
                                     modelLoadSeconds: options.modelLoadSeconds),
                      type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/v1/pipeline") { _, _ in
            var description = service.describe()
            description.version = options.version
            return Self.json(description)
        }
        router.post("/v1/detect") { request, context in try await detect(request, context: context) }
        return router
    }

    /// The server as a service: `try await server.makeApplication().runService()` serves until SIGTERM or SIGINT,
    /// then stops accepting and lets in-flight requests finish.
    public func makeApplication(logger: Logger = Logger(label: "camo.serve")) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "camo"),
            logger: logger)
    }

    private func detect(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
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
            throw APIError(.badRequest, code: "unknown_pipeline", "this server runs pipeline '\(name)', not '\(wanted)'")
        }
        // Results are named after the request, so a client can match a result to its logs.
        let requestID = context.logger[metadataKey: "request_id"].map { "\($0)" } ?? "request"
        let service = self.service
        let admission = self.admission
        let images = parsed.images
        var results: [DetectionResult]
        do {
            results = try await Deadline.run(seconds: options.timeoutSeconds) {
                try await admission.run {
                    var results: [DetectionResult] = []
                    for (index, bytes) in images.enumerated() {
                        let id = images.count == 1 ? requestID : "\(requestID)-\(index)"
                        results.append(await service.detect(bytes: bytes, id: id))
                    }
                    return results
                }
            }
        } catch AdmissionControl.Refusal.queueFull {
            throw APIError.queueFull(retryAfter: options.retryAfterSeconds)
        }
        for index in results.indices {
            metrics.record(results[index])
            results[index] = shaped(results[index], parsed)
        }
        metrics.recordDetection(seconds: (clock.now - start) / .seconds(1))
        return parsed.isBatch ? Self.json(BatchResponse(results: results)) : Self.json(results[0])
    }

    /// Applies the request's threshold and leaves out the parts it did not ask for.
    private func shaped(_ result: DetectionResult, _ request: DetectRequest) -> DetectionResult {
        var result = result
        if let threshold = request.threshold {
            result.threshold = threshold
            if let pFake = result.pFake { result.verdict = service.verdict(for: pFake, threshold: threshold) }
        }
        if let include = request.include {
            if !include.contains(.gate) { result.gate = nil }
            if !include.contains(.experts) { result.experts = [] }
            if !include.contains(.timings) { result.timingsMs = [:] }
        }
        return result
    }

    struct BatchResponse: Encodable {
        var results: [DetectionResult]
    }

    static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
