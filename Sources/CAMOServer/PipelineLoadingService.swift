import Logging
import ServiceLifecycle

/// Loads the pipeline once the server's socket is bound, then stays up until the server has shut down, so that
/// a load failure stops the process but a successful load does not end the service group.
struct PipelineLoadingService: Service {
    let server: DetectionServer
    /// Yields once the socket is bound.
    let bound: AsyncStream<Void>
    let load: @Sendable () async throws -> any DetectionService
    let logger: Logger

    func run() async throws {
        var bindings = bound.makeAsyncIterator()
        guard await bindings.next() != nil else { return }
        try await server.prepare(logger: logger, loading: load)
        // Services shut down in reverse order, so this returns after the server has drained its requests.
        try await gracefulShutdown()
    }
}
