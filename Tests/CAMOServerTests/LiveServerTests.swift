import CAMOServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The same server on a real loopback socket, through the HTTP/1.1 stack.
@Suite struct LiveServerTests {
    @Test func everyInputFormOverASocket() async throws {
        let (_, app) = makeApplication { $0.maxBodyBytes = 64 * 1024 }
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: sampleJPEG)) { response in
                #expect(response.status == .ok)
                #expect((try? JSONValue(response.body))?["verdict"] == .string("fake"))
                #expect(response.headers[.init("X-Request-Id")!] != nil)
            }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                                     body: jsonBody(["image": samplePNG.base64EncodedString()])) { #expect($0.status == .ok) }
            let boundary = "b0undary"
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                     body: multipartBody(boundary: boundary, fields: [("file", "x.png", samplePNG)])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "image/jpeg"],
                                     body: ByteBuffer(bytes: [UInt8](repeating: 7, count: 100 * 1024))) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
    }
}
