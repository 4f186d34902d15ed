import CAMO
import CAMOServer
import CAMOTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every response the tests can provoke is checked against the schema `/openapi.yaml` declares for it.
@Suite struct OpenAPIConformanceTests {
    struct Exchange: Sendable, CustomStringConvertible {
        var path: String
        var uri: String
        var method: HTTPRequest.Method
        var headers: HTTPFields = [:]
        var body: ByteBuffer?
        var description: String { "\(method) \(uri)" }
    }

    static let exchanges: [Exchange] = [
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: sampleJPEG)),
        Exchange(path: "/v1/detect", uri: "/v1/detect?include=gate", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: samplePNG)),
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(string: "corrupt")),
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                 body: jsonBody(["images": [sampleJPEG.base64EncodedString(), samplePNG.base64EncodedString()]])),
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")),
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")),
        Exchange(path: "/v1/detect", uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: [UInt8](repeating: 0, count: 5000))),
        Exchange(path: "/v1/jobs", uri: "/v1/jobs", method: .post, headers: [.contentType: "video/mp4"],
                 body: ByteBuffer(bytes: try! Fixtures.data("video/face-h264-audio.mp4"))),
        Exchange(path: "/v1/jobs", uri: "/v1/jobs", method: .post, headers: [.contentType: "video/mp4"], body: ByteBuffer(string: "garbage")),
        Exchange(path: "/v1/jobs", uri: "/v1/jobs", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: samplePNG)),
        Exchange(path: "/v1/jobs/{id}", uri: "/v1/jobs/unknown", method: .get),
        Exchange(path: "/v1/jobs/{id}", uri: "/v1/jobs/unknown?wait=-1", method: .get),
        Exchange(path: "/v1/pipeline", uri: "/v1/pipeline", method: .get),
        Exchange(path: "/healthz", uri: "/healthz", method: .get),
        Exchange(path: "/readyz", uri: "/readyz", method: .get),
    ]

    @Test(arguments: exchanges)
    func responseMatchesTheDocument(_ exchange: Exchange) async throws {
        let (_, app) = makeApplication(regionPipeline()) { $0.maxBodyBytes = 4096 }
        try await app.test(.router) { client in
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            let document = try OpenAPISchema(yaml: spec)
            try await client.execute(uri: exchange.uri, method: exchange.method, headers: exchange.headers, body: exchange.body) { response in
                let schema = try document.responseSchema(path: exchange.path, method: exchange.method.rawValue.lowercased(),
                                                         status: response.status.code)
                let problems = document.violations(try JSONValue(response.body), schema)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test(arguments: exchanges.filter { ["/readyz", "/v1/pipeline", "/v1/detect"].contains($0.path) })
    func notReadyResponsesMatchTheDocument(_ exchange: Exchange) async throws {
        let server = DetectionServer(options: ServerOptions())
        try await Application(router: server.makeRouter()).test(.router) { client in
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            let document = try OpenAPISchema(yaml: spec)
            try await client.execute(uri: exchange.uri, method: exchange.method, headers: exchange.headers, body: exchange.body) { response in
                #expect(response.status == .serviceUnavailable)
                let schema = try document.responseSchema(path: exchange.path, method: exchange.method.rawValue.lowercased(), status: 503)
                let problems = document.violations(try JSONValue(response.body), schema)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func theCheckerCatchesADocumentBreach() throws {
        let schema: [String: Any] = ["type": "object", "required": ["a"], "additionalProperties": false,
                                     "properties": ["a": ["type": "integer", "minimum": 0]]]
        let checker = try OpenAPISchema(yaml: "openapi: 3.1.0")
        #expect(checker.violations(.object(["a": .number(1)]), schema).isEmpty)
        #expect(checker.violations(.object(["a": .number(1.5)]), schema).count == 1)
        #expect(checker.violations(.object(["a": .number(-1)]), schema).count == 1)
        #expect(checker.violations(.object([:]), schema).count == 1)
        #expect(checker.violations(.object(["a": .number(1), "b": .null]), schema).count == 1)
        #expect(checker.violations(.string("a"), schema).count == 1)
        let digest: [String: Any] = ["type": "string", "pattern": "^[0-9a-f]{4}$"]
        #expect(checker.violations(.string("09af"), digest).isEmpty)
        #expect(checker.violations(.string("09AF"), digest).count == 1)
    }

    @Test func everyErrorCodeTheServerUsesIsDeclared() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            let document = try OpenAPISchema(yaml: spec)
            let schema = try document.resolve("#/components/schemas/Error")
            for code in ["bad_request", "invalid_base64", "empty_body", "body_too_large", "unsupported_media_type",
                         "unauthorized", "unknown_pipeline", "overloaded", "not_ready", "timeout", "not_found", "method_not_allowed",
                         "internal", "unknown_job", "storage_failed"] {
                let body = JSONValue.object(["error": .object(["code": .string(code), "message": .string("m")])])
                #expect(document.violations(body, schema).isEmpty, "\(code)")
            }
        }
    }
}

/// Stubs that also report regions, so the `regions` part of the schema is exercised.
private func regionPipeline() -> Pipeline {
    let opinion = ExpertOpinion(pFake: 0.7, regions: [RegionScore(kind: "face", x1: 1, y1: 2, x2: 30, y2: 40, pFake: 0.7)])
    return Pipeline(name: "regions", gate: StubGate(faces: 1), experts: [
        PipelineExpert(StubExpert("face-stub", opinion: opinion), roles: [.face]),
        PipelineExpert(StubExpert("broken", failingWith: "stub failure"), roles: [.evidence]),
    ])
}

@Suite struct MethodNotAllowedTests {
    @Test(arguments: [("/readyz", HTTPRequest.Method.trace, "GET"), ("/v1/detect", .get, "POST"), ("/openapi.yaml", .delete, "GET")])
    func aKnownPathAskedWithAnotherMethodAnswers405WithAllow(_ path: String, _ method: HTTPRequest.Method, _ allow: String) async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                let body = try JSONValue(response.body)
                #expect(body["error"]?["code"] == .string("method_not_allowed"))
            }
            try await client.execute(uri: "/nowhere", method: method) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
