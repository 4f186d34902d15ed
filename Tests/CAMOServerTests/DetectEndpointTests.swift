import CAMO
import CAMOServer
import CAMOTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DetectEndpointTests {
    @Test func jsonBase64ImageIsJudgedByThePipeline() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let body = jsonBody(["image": sampleJPEG.base64EncodedString()])
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"], body: body) { response in
                #expect(response.status == .ok)
                let result = try JSONValue(response.body)
                #expect(result["verdict"] == .string("fake"))
                #expect(result["p_fake"] == .number(0.8))
                #expect(result["threshold"] == .number(0.5))
                #expect(result["route"]?["content"] == .string("face"))
                #expect(result["experts"]?[0]?["name"] == .string("face-stub"))
                #expect(result["gate"]?["faces"]?[0]?["box"] == .array([.number(10), .number(10), .number(50), .number(60)]))
                #expect(result["image"]?["format"] == .string("jpeg"))
                #expect(result["image"]?["sha256"]?.string?.count == 64)
            }
        }
    }

    @Test func batchResultsComeBackInRequestOrder() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let body = jsonBody(["images": [sampleJPEG.base64EncodedString(), samplePNG.base64EncodedString(), "data:image/png;base64," + samplePNG.base64EncodedString()]])
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json", .init("X-Request-Id")!: "batch-1"], body: body) { response in
                #expect(response.status == .ok)
                let results = try #require(try JSONValue(response.body)["results"]?.array)
                #expect(results.map { $0["image"]?["format"] } == [.string("jpeg"), .string("png"), .string("png")])
                #expect(results.map { $0["image"]?["id"] } == [.string("batch-1-0"), .string("batch-1-1"), .string("batch-1-2")])
            }
        }
    }

    @Test func multipartFileFieldAndTextOptions() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let boundary = "----camo-test-boundary"
            let body = multipartBody(boundary: boundary, fields: [
                ("threshold", nil, Data("0.9".utf8)), ("file", "a.jpg", sampleJPEG),
            ])
            try await client.execute(uri: "/v1/detect", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body) { response in
                #expect(response.status == .ok)
                let result = try JSONValue(response.body)
                #expect(result["image"]?["format"] == .string("jpeg"))
                // 0.8 is below the requested 0.9.
                #expect(result["threshold"] == .number(0.9))
                #expect(result["verdict"] == .string("real"))
            }
        }
    }

    @Test(arguments: ["image/jpeg", "image/png", "image/webp"])
    func rawImageBytes(contentType: String) async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: contentType],
                                     body: ByteBuffer(bytes: samplePNG)) { response in
                #expect(response.status == .ok)
                // The decoder trusts the bytes, not the header.
                #expect((try? JSONValue(response.body))?["image"]?["format"] == .string("png"))
            }
        }
    }

    @Test func queryThresholdAndIncludeShapeTheResult() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect?threshold=0.95&include=experts", method: .post,
                                     headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: sampleJPEG)) { response in
                let result = try JSONValue(response.body)
                #expect(result["verdict"] == .string("real"))
                #expect(result["gate"] == nil)
                #expect(result["experts"]?.array?.count == 1)
                #expect(result["timings_ms"] == .object([:]))
            }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                                     body: jsonBody(["image": sampleJPEG.base64EncodedString(), "include": ["gate"]])) { response in
                let result = try JSONValue(response.body)
                #expect(result["gate"] != nil)
                #expect(result["experts"] == .array([]))
            }
        }
    }

    @Test func includeObjectsAsksTheServiceForObjectsAndKeepsTheGate() async throws {
        let service = ObjectRecordingService()
        let (_, app) = makeApplication(service)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect?include=experts,objects", method: .post,
                                     headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: sampleJPEG)) { response in
                #expect(response.status == .ok)
                let result = try JSONValue(response.body)
                #expect(result["gate"] != nil)
            }
            try await client.execute(uri: "/v1/detect?include=experts", method: .post,
                                     headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: sampleJPEG)) { response in
                let result = try JSONValue(response.body)
                #expect(result["gate"] == nil)
            }
        }
        #expect(service.requests == [true, false])
    }

    @Test func corruptImageGivesAnUncertainResultThatSaysWhy() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            var corrupt = sampleJPEG.prefix(40)
            corrupt.append(contentsOf: [UInt8](repeating: 0x5A, count: 100))
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: corrupt)) { response in
                #expect(response.status == .ok)
                let result = try JSONValue(response.body)
                #expect(result["verdict"] == .string("uncertain"))
                #expect(result["p_fake"] == nil)
                #expect(result["errors"]?[0]?.string?.hasPrefix("cannot decode") == true)
            }
        }
    }

    /// Each bad request gets its status and error code, in the JSON error shape.
    @Test(arguments: [
        ("application/json", #"{"image": "%%%not base64%%%"}"#, 400, "invalid_base64"),
        ("application/json", #"{"image": ""}"#, 400, "invalid_base64"),
        ("application/json", #"{"images": []}"#, 400, "bad_request"),
        ("application/json", #"{"picture": "AAAA"}"#, 400, "bad_request"),
        ("application/json", #"{"image": "AAAA", "images": ["AAAA"]}"#, 400, "bad_request"),
        ("application/json", #"{"image": 42}"#, 400, "bad_request"),
        ("application/json", "not json", 400, "bad_request"),
        ("application/json", #"{"image": "AAAA", "threshold": 1.5}"#, 400, "bad_request"),
        ("application/json", #"{"image": "AAAA", "include": ["faces"]}"#, 400, "bad_request"),
        ("application/json", #"{"image": "AAAA", "pipeline": "other"}"#, 404, "unknown_pipeline"),
        ("text/plain", "hello", 415, "unsupported_media_type"),
        ("image/jpeg", "", 400, "empty_body"),
        ("multipart/form-data", "--x\r\n", 400, "bad_request"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n", 400, "bad_request"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated", 400, "bad_request"),
    ])
    func badRequestsAreRefusedWithACode(contentType: String, body: String, status: Int, code: String) async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: contentType],
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status)
                let error = try JSONValue(response.body)["error"]
                #expect(error?["code"] == .string(code))
                #expect(error?["message"]?.string?.isEmpty == false)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func missingContentTypeIsUnsupported() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, body: ByteBuffer(bytes: sampleJPEG)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test func batchesAreBounded() async throws {
        let (_, app) = makeApplication { $0.maxBatch = 2 }
        try await app.test(.router) { client in
            let image = samplePNG.base64EncodedString()
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                                     body: jsonBody(["images": [image, image, image]])) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

@Suite struct CalibratedDetectEndpointTests {
    /// The stub pipeline, calibrated so that its face expert is not informative.
    func uninformative() throws -> Pipeline {
        var pipeline = stubPipeline()
        pipeline.calibration = try .stub(pipeline: "stub", informative: [], uninformative: ["face-stub", "general-stub"])
        return pipeline
    }

    @Test func theAnswerSaysItsBasisAndAThresholdCannotTurnUncertainIntoAVerdict() async throws {
        let (_, app) = makeApplication(try uninformative())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect?threshold=0.1", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: sampleJPEG)) { response in
                #expect(response.status == .ok)
                let result = try JSONValue(response.body)
                #expect(result["verdict"] == .string("uncertain"))
                #expect(result["basis"] == .string("none"))
                #expect(result["reason"]?.string?.contains("not informative on images like this") == true)
                #expect(result["p_fake"] == .number(0.5) && result["p_fake_raw"] == .number(0.8))
                #expect(result["experts"]?[0]?["informative"] == .bool(false))
                #expect(result["decision"]?["alpha"] == .number(0.01))
            }
        }
    }

    @Test func aCalibratedInformativeExpertGivesAVerdictWithItsRule() async throws {
        var pipeline = stubPipeline()
        pipeline.calibration = try .stub(pipeline: "stub", informative: ["face-stub"])
        pipeline.errorBudget = ErrorBudget(alpha: 0.05, beta: 0.05)
        let (_, app) = makeApplication(pipeline)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: sampleJPEG)) { response in
                let result = try JSONValue(response.body)
                #expect(result["verdict"] == .string("fake"))
                #expect(result["basis"] == .string("calibrated_experts"))
                #expect(result["decision"]?["fake_above"]?.number.map { $0 < 0.8 } == true)
            }
        }
    }
}

@Suite struct Base64BodyTests {
    /// What the OpenAPI document's `Base64Image` pattern promises: a data: prefix whatever follows its colon, ASCII
    /// spaces, tabs and lone or paired line breaks anywhere; a length that is not a multiple of four, or another space
    /// character, is refused.
    @Test(arguments: [("data:\u{1F3FB}x;base64,AA\r==", 200), ("A\rA\n=\r\n=", 200), (" AAAA\t", 200), ("AB==", 200), ("AAA", 400),
                      ("A\u{85}A==", 400)])
    func base64IsReadAsTheDocumentSays(_ image: String, _ status: Int) async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                                     body: jsonBody(["image": image])) { response in
                #expect(Int(response.status.code) == status, "\(image.debugDescription)")
            }
        }
    }
}
