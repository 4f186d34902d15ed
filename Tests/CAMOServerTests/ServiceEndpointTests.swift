import CAMOServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ServiceEndpointTests {
    @Test func healthAndReadiness() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect((try? JSONValue(response.body)) == .object(["status": .string("ok")]))
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect((try? JSONValue(response.body)) == .object(["status": .string("ready")]))
            }
        }
    }

    @Test func pipelineDescriptionListsTheExperts() async throws {
        let (_, app) = makeApplication { $0.version = "9.9.9" }
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/pipeline", method: .get) { response in
                let description = try JSONValue(response.body)
                #expect(description["name"] == .string("stub"))
                #expect(description["version"] == .string("9.9.9"))
                #expect(description["experts"]?.array?.compactMap { $0["name"]?.string } == ["face-stub", "general-stub"])
                #expect(description["experts"]?[0]?["roles"] == .array([.string("face")]))
            }
        }
    }

    @Test func webPageIsSelfContained() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("/v1/detect"))
                #expect(html.contains("name=\"viewport\""))
                // No CDN: nothing is loaded from another host.
                #expect(!html.contains("http://") && !html.contains("https://"))
            }
        }
    }

    @Test func unknownPathIsAJSON404() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((try? JSONValue(response.body))?["error"]?["code"] == .string("not_found"))
            }
        }
    }

    @Test func metricsCountStatusesStagesAndExperts() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: sampleJPEG))
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                let lines = Set(text.split(separator: "\n").map(String.init))
                #expect(lines.contains("camo_http_responses_total{status=\"200\"} 1"))
                #expect(lines.contains("camo_http_responses_total{status=\"415\"} 1"))
                #expect(lines.contains("camo_images_total{verdict=\"fake\"} 1"))
                #expect(lines.contains("camo_stage_duration_seconds_count{stage=\"gate\"} 1"))
                #expect(lines.contains("camo_expert_duration_seconds_count{expert=\"face-stub\"} 1"))
                #expect(lines.contains("camo_expert_duration_seconds_bucket{expert=\"face-stub\",le=\"+Inf\"} 1"))
                #expect(lines.contains("camo_detect_request_duration_seconds_count 1"))
                #expect(lines.contains("camo_in_flight 0"))
                #expect(lines.contains("camo_queue_depth 0"))
                #expect(lines.contains("camo_ready 1"))
                // Every sample line is `name{labels} value` with a number for the value.
                for line in lines where !line.hasPrefix("#") {
                    #expect(Double(line.split(separator: " ").last ?? "") != nil, "\(line)")
                }
            }
        }
    }

    @Test func requestIDsAreEchoedOrMade() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: "abc-123"]) { response in
                #expect(response.headers[.init("X-Request-Id")!] == "abc-123")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: "bad id\u{7}"]) { response in
                let id = try #require(response.headers[.init("X-Request-Id")!])
                #expect(id != "bad id\u{7}" && id.count == 36)
            }
        }
    }
}
