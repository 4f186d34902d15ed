import CAMO
import CAMOServer
import CAMOTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/jobs` takes a video and answers at once; `GET /v1/jobs/{id}` gives progress, then the result.
struct VideoJobEndpointTests {
    static let clip = try! Fixtures.data("video/face-h264-audio.mp4")

    /// Polls until the job is no longer queued or running (at most ~20 s).
    static func finished(_ client: some TestClientProtocol, _ id: String) async throws -> [String: Any] {
        for _ in 0..<400 {
            let job = try await client.execute(uri: "/v1/jobs/\(id)", method: .get) { response in
                try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            if let status = job["status"] as? String, status == "done" || status == "failed" { return job }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw CancellationError()
    }

    @Test func aVideoIsQueuedAndItsResultFetched() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let id = try await client.execute(uri: "/v1/jobs?every=0.5", method: .post, headers: [.contentType: "video/mp4"],
                                              body: ByteBuffer(bytes: Self.clip)) { response in
                #expect(response.status == .accepted)
                let body = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let id = try #require(body["id"] as? String)
                #expect(response.headers[.location] == "/v1/jobs/\(id)" && body["status_url"] as? String == "/v1/jobs/\(id)")
                return id
            }
            // Waiting on the server's side: one request that answers when the job is done.
            let waited = try await client.execute(uri: "/v1/jobs/\(id)?wait=20", method: .get) { response in
                try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            #expect(waited["status"] as? String == "done")
            let job = try await Self.finished(client, id)
            #expect(job["status"] as? String == "done" && job["progress"] as? Double == 1 && job["finished_at"] is String)
            let result = try #require(job["result"] as? [String: Any])
            #expect((result["frames"] as? [Any])?.count == 4 && result["frames_decoded"] as? Int == 20)
            #expect((result["info"] as? [String: Any])?["codec"] as? String == "h264")
            #expect(result["id"] as? String == id, "the upload's temporary path is not shown")
            // The finished job, as served, matches the document's Job schema.
            let document = try OpenAPISchema(yaml: try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) })
            let schema = try document.responseSchema(path: "/v1/jobs/{id}", method: "get", status: 200)
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get) { response in
                let problems = document.violations(try JSONValue(response.body), schema)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func badRequestsAreRefusedAndWhatIsNoVideoFailsAtOnce() async throws {
        let (_, app) = makeApplication { $0.maxVideoBytes = 100_000 }
        try await app.test(.router) { client in
            // Bytes that are no video: accepted, and the job has already failed when first asked for.
            let id = try await client.execute(uri: "/v1/jobs", method: .post, headers: [.contentType: "video/mp4"],
                                              body: ByteBuffer(string: "not a video at all")) { response in
                #expect(response.status == .accepted)
                return try #require((JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"] as? String)
            }
            try await client.execute(uri: "/v1/jobs/\(id)", method: .get) { response in
                let job = try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(job["status"] as? String == "failed" && (job["error"] as? [String: Any])?["code"] as? String == "not_a_video")
            }
            for (type, body, status, code) in [
                ("video/mp4", ByteBuffer(), HTTPResponse.Status.badRequest, "empty_body"),
                ("text/plain", ByteBuffer(bytes: Self.clip), .unsupportedMediaType, "unsupported_media_type"),
                ("video/mp4", ByteBuffer(bytes: [UInt8](repeating: 0, count: 100_001)), .contentTooLarge, "body_too_large"),
            ] {
                try await client.execute(uri: "/v1/jobs", method: .post, headers: [.contentType: type], body: body) { response in
                    #expect(response.status == status, "\(type) \(code)")
                    #expect(String(buffer: response.body).contains("\"\(code)\""))
                }
            }
            try await client.execute(uri: "/v1/jobs?every=-1", method: .post, headers: [.contentType: "video/mp4"],
                                     body: ByteBuffer(bytes: Self.clip)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/jobs/no-such-job", method: .get) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("unknown_job"))
            }
        }
    }

    @Test func aFullQueueAnswers503AndResultsExpire() async throws {
        let (_, full) = makeApplication { $0.maxVideoJobs = 0 }
        try await full.test(.router) { client in
            try await client.execute(uri: "/v1/jobs", method: .post, headers: [.contentType: "video/mp4"], body: ByteBuffer(bytes: Self.clip)) { response in
                #expect(response.status == .serviceUnavailable && response.headers[.retryAfter] != nil)
            }
        }
        let (_, forgetful) = makeApplication { $0.jobResultSeconds = 0 }
        try await forgetful.test(.router) { client in
            let id = try await client.execute(uri: "/v1/jobs", method: .post, headers: [.contentType: "application/octet-stream"],
                                              body: ByteBuffer(bytes: Self.clip)) { response in
                try #require((JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"] as? String)
            }
            for _ in 0..<400 {
                let status = try await client.execute(uri: "/v1/jobs/\(id)", method: .get) { $0.status }
                if status == .notFound { return }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            Issue.record("the finished job was still served after its retention of 0 s")
        }
    }
}
