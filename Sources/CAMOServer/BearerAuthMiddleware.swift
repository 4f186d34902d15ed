import Hummingbird

/// Requires `Authorization: Bearer <token>` on the API paths; the page, health probes and the spec stay open.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) {
        self.token = Array(token.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") || path == "/metrics" else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              Self.constantTimeEqual(Array(header.utf8.dropFirst(7)), token)
        else { throw APIError.unauthorized }
        return try await next(request, context)
    }

    /// Compares every byte whatever the first difference, so the time taken says nothing about the token.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: given.count ^ expected.count)
        for index in 0..<expected.count {
            let byte = index < given.count ? given[index] : ~expected[index]
            difference |= byte ^ expected[index]
        }
        return difference == 0 && given.count == expected.count
    }
}
