import CAMO
import CAMOServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `camo serve` binds before it loads: until the pipeline is loaded and one warm-up detection has run, the probes
/// and the API say so with 503, while `/healthz` answers from the start.
@Suite struct ReadinessTests {
    @Test func notReadyWhileLoadingThenReadyAfterTheWarmUp() async throws {
        let server = DetectionServer(options: ServerOptions())
        let app = Application(router: server.makeRouter())
        let loadingMayFinish = Latch()
        let service = HeldService()
        try await app.test(.router) { client in
            try await expectNotReady(client, reason: "loading the pipeline")
            let preparing = Task {
                try await server.prepare {
                    await loadingMayFinish.wait()
                    try await Task.sleep(for: .milliseconds(60))
                    return service
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await expectNotReady(client, reason: "loading the pipeline")
            loadingMayFinish.open()

            // Loaded: the warm-up detection is running (held), and requests still wait for it.
            #expect(await eventually { service.startedCount == 1 })
            try await expectNotReady(client, reason: "running the warm-up detection")
            service.release()
            try await preparing.value

            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect((try? JSONValue(response.body)) == .object(["status": .string("ready")]))
            }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: sampleJPEG)) { #expect($0.status == .ok) }
            #expect(service.startedCount == 2)  // the warm-up, then the request
            try await client.execute(uri: "/metrics", method: .get) { response in
                let samples = Self.samples(String(buffer: response.body))
                #expect(samples["camo_ready"] == 1)
                #expect((samples["camo_model_load_seconds"] ?? 0) >= 0.06)
                #expect((samples["camo_warm_up_seconds"] ?? 0) > 0)
            }
        }
    }

    @Test func aPipelineThatFailsToLoadIsReportedAndTheErrorRethrown() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "model 'x' is missing" } }
        let server = DetectionServer(options: ServerOptions())
        let app = Application(router: server.makeRouter())
        try await app.test(.router) { client in
            await #expect(throws: Broken.self) { try await server.prepare { throw Broken() } }
            try await expectNotReady(client, reason: "the pipeline failed to load: model 'x' is missing")
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(Self.samples(String(buffer: response.body))["camo_ready"] == 0)
            }
        }
    }

    /// Through the application `camo serve` runs: the socket answers `/healthz` while the loader is still waiting.
    @Test func theServedApplicationLoadsAfterBinding() async throws {
        let loadingMayFinish = Latch()
        let server = DetectionServer(options: ServerOptions())
        let app = server.makeApplication(loading: {
            await loadingMayFinish.wait()
            return stubPipeline()
        })
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            loadingMayFinish.open()
            let ready = try await eventually {
                try await client.execute(uri: "/readyz", method: .get) { $0.status == .ok }
            }
            #expect(ready)
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: sampleJPEG)) { response in
                #expect((try? JSONValue(response.body))?["verdict"] == .string("fake"))
            }
        }
    }

    private func expectNotReady(_ client: some TestClientProtocol, reason: String) async throws {
        try await client.execute(uri: "/readyz", method: .get) { response in
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect((try? JSONValue(response.body)) == .object(["status": .string("not_ready"), "reason": .string(reason)]))
        }
        try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                 body: ByteBuffer(bytes: sampleJPEG)) { response in
            #expect(response.status == .serviceUnavailable)
            #expect((try? JSONValue(response.body))?["error"]?["code"] == .string("not_ready"))
        }
        try await client.execute(uri: "/v1/pipeline", method: .get) { #expect($0.status == .serviceUnavailable) }
        try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
    }

    /// `name value` samples of a Prometheus exposition, for unlabelled series.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { samples[String(parts[0])] = value }
        }
        return samples
    }
}
