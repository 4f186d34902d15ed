import Foundation
import Hummingbird

/// An error the API answers with: a status and `{"error": {"code", "message"}}`, never a stack trace.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// Stable, machine-readable: `bad_request`, `invalid_base64`, `unsupported_media_type`, `empty_body`, …
    public var code: String
    public var message: String
    /// Extra response headers, e.g. `Retry-After`.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(Envelope(error: .init(code: code, message: message)))) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct Envelope: Codable {
        struct Body: Codable {
            var code: String
            var message: String
        }
        var error: Body
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
    static func invalidBase64(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_base64", message) }
    static let emptyBody = APIError(.badRequest, code: "empty_body", "the request has no body; send an image")
    static func tooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than the limit of \(limit) bytes")
    }
    static func unsupportedMediaType(_ type: String) -> APIError {
        APIError(.unsupportedMediaType, code: "unsupported_media_type",
                 "content type '\(type)' is not accepted; send application/json, multipart/form-data or image/*")
    }
    static let unauthorized = APIError(.unauthorized, code: "unauthorized", "a valid bearer token is required",
                                       headers: [.wwwAuthenticate: "Bearer"])
    static func queueFull(retryAfter: Int) -> APIError {
        APIError(.serviceUnavailable, code: "overloaded", "the server is busy and its queue is full; retry later",
                 headers: [.retryAfter: String(retryAfter)])
    }
    static func notReady(_ reason: String, retryAfter: Int) -> APIError {
        APIError(.serviceUnavailable, code: "not_ready", "the server is not ready: \(reason)", headers: [.retryAfter: String(retryAfter)])
    }
    static func timeout(seconds: Double) -> APIError {
        APIError(.gatewayTimeout, code: "timeout", "the request took longer than \(seconds) s")
    }
    static let notFound = APIError(.notFound, code: "not_found", "no such endpoint")
    static let internalError = APIError(.internalServerError, code: "internal", "the server failed to answer this request")
}
