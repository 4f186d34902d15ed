import CAMOServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SafetyTests {
    @Test func oversizedBodyIsRefusedWith413() async throws {
        let (_, app) = makeApplication { $0.maxBodyBytes = 1000 }
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: [UInt8](repeating: 1, count: 1001))) { response in
                #expect(response.status == .contentTooLarge)
                #expect((try? JSONValue(response.body))?["error"]?["code"] == .string("body_too_large"))
            }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(bytes: samplePNG)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func bearerTokenGuardsTheAPIButNotTheProbes() async throws {
        let (_, app) = makeApplication { $0.apiToken = "s3cret" }
        try await app.test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong!"], [.authorization: "Bearer s3cre"],
                                        [.authorization: "Bearer s3cret2"], [.authorization: "Basic s3cret"]] {
                try await client.execute(uri: "/v1/pipeline", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect((try? JSONValue(response.body))?["error"]?["code"] == .string("unauthorized"))
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/pipeline", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                #expect($0.status == .ok)
            }
            for open in ["/healthz", "/readyz", "/", "/openapi.yaml"] {
                try await client.execute(uri: open, method: .get) { #expect($0.status == .ok, "\(open)") }
            }
        }
    }

    @Test func withoutATokenEverythingIsOpen() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/pipeline", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func corsAllowsOnlyConfiguredOrigins() async throws {
        let (_, app) = makeApplication { $0.corsOrigins = ["chrome-extension://abc"] }
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .options, headers: [
                .origin: "chrome-extension://abc", .accessControlRequestMethod: "POST",
            ]) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "chrome-extension://abc")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "chrome-extension://abc"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "chrome-extension://abc")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "https://evil.example"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func fullQueueAnswers503WithRetryAfter() async throws {
        let service = HeldService()
        let (_, app) = makeApplication(service) {
            $0.maxConcurrency = 1
            $0.queueDepth = 1
            $0.retryAfterSeconds = 3
        }
        try await app.test(.router) { client in
            let post: @Sendable () async throws -> HTTPResponse.Status = {
                try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"],
                                         body: ByteBuffer(bytes: samplePNG)) { $0.status }
            }
            async let first = post()
            async let second = post()
            let queued = try await eventually {
                let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
                return metrics.contains("camo_in_flight 1\n") && metrics.contains("camo_queue_depth 1\n")
            }
            #expect(queued)
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(bytes: samplePNG)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "3")
                #expect((try? JSONValue(response.body))?["error"]?["code"] == .string("overloaded"))
            }
            // Refused before its body is read or parsed: an unreadable body still gets 503, not 415.
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: "not an image")) { #expect($0.status == .serviceUnavailable) }
            service.release()
            let statuses = try await [first, second]
            #expect(statuses == [.ok, .ok])
            #expect(service.startedCount == 2)
        }
    }

    @Test func slowRequestsTimeOutWith504AndFreeTheirQueuePlace() async throws {
        let service = HeldService()
        let (_, app) = makeApplication(service) {
            $0.maxConcurrency = 1
            $0.queueDepth = 1
            $0.timeoutSeconds = 0.2
        }
        try await app.test(.router) { client in
            let post: @Sendable () async throws -> (HTTPResponse.Status, JSONValue) = {
                try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/png"],
                                         body: ByteBuffer(bytes: samplePNG)) { ($0.status, try JSONValue($0.body)) }
            }
            async let running = post()
            async let waiting = post()
            let (runningStatus, runningBody) = try await running
            let (waitingStatus, _) = try await waiting
            #expect(runningStatus == .gatewayTimeout)
            #expect(runningBody["error"]?["code"] == .string("timeout"))
            #expect(waitingStatus == .gatewayTimeout)
            // The timed-out waiter left the queue; the first job still holds its slot until it finishes.
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("camo_queue_depth 0\n"))
            #expect(metrics.contains("camo_in_flight 1\n"))
            service.release()
            let drained = try await eventually {
                try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }.contains("camo_in_flight 0\n")
            }
            #expect(drained)
            #expect(service.startedCount == 1)
        }
    }
}
