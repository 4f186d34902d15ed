import Foundation

/// Notes every model resolved through a `ModelRegistry` that carries it, so a pipeline can say which files it was
/// built from without each expert kind having to report its models.
public final class ModelResolutionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [ModelEntry] = []

    public init() {}

    func note(_ entry: ModelEntry) {
        lock.withLock { pending.append(entry) }
    }

    /// The models resolved since the last call, in resolution order.
    public func take() -> [ModelEntry] {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }
}
