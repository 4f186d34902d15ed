import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (the client's `X-Request-Id` when sane), logs it with the outcome, counts the status,
/// and turns every thrown error into the JSON error body.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.header].flatMap(Self.sanitised) ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let clock = ContinuousClock()
        let start = clock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.apiError(for: error, logger: context.logger).response()
        }
        response.headers[Self.header] = id
        metrics.recordResponse(status: response.status.code)
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(((clock.now - start) / .milliseconds(1)).rounded()),
        ])
        return response
    }

    /// Clients' ids are echoed into logs and headers: only short ids of safe characters are kept.
    static func sanitised(_ id: String) -> String? {
        guard (1...128).contains(id.utf8.count),
              id.utf8.allSatisfy({ $0 < 128 && (isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")) })
        else { return nil }
        return id
    }

    static func apiError(for error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError where error.status == .notFound:
            return .notFound
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, code: "body_too_large", error.body ?? "the request body is too large")
        case let error as HTTPError where error.status.code < 500:
            return APIError(error.status, code: "bad_request", error.body ?? error.status.reasonPhrase)
        default:
            logger.error("request failed", metadata: ["error": .string("\(error)")])
            return .internalError
        }
    }
}
