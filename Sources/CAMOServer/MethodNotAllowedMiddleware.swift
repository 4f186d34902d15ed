import Hummingbird

/// Answers a known path asked with a method it does not serve with 405 and an `Allow` header (RFC 9110 §15.5.6),
/// rather than the router's 404, which would say the path does not exist.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path → the methods its routes serve.
    let allowed: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = allowed[request.uri.path], !methods.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        throw APIError(.methodNotAllowed, code: "method_not_allowed", "\(request.uri.path) answers \(allow) only",
                       headers: [.allow: allow])
    }
}
