import CAMO
import CAMOEval

/// What stops a whole mirror run (one image's failure never does: it is counted in the report).
public enum MirrorError: Error, CustomStringConvertible, Sendable {
    case configuration(ConfigurationError)
    case engineSetup(engine: String, EngineFailure)
    case output(PreparationError)
    case dataset(EvaluationError)
    case noRealImages(path: String)

    public var description: String {
        switch self {
        case .configuration(let error): "\(error)"
        case let .engineSetup(engine, failure): "engine \(engine): \(failure)"
        case .output(let error): "\(error)"
        case .dataset(let error): "\(error)"
        case .noRealImages(let path): "\(path) lists no real image to mirror (in this shard)"
        }
    }
}

/// How a run is split and resumed; the defaults mirror every real image once.
public struct MirrorOptions: Sendable {
    /// Part i of n of the real images' listing positions; give each shard its own output folder.
    public var shard: Shard?
    /// Images in flight at once; nil: the sum of the engines' concurrencies (each engine still bounds its own).
    public var concurrency: Int?
    /// Ask again for images an engine refused in an earlier run.
    public var retryRefused: Bool
    /// Write into a folder that holds another dataset's mirrors (they are replaced).
    public var replace: Bool
    /// Mirror at most this many real images (the first of the listing).
    public var limit: Int?

    public init(shard: Shard? = nil, concurrency: Int? = nil, retryRefused: Bool = false, replace: Bool = false, limit: Int? = nil) {
        self.shard = shard
        self.concurrency = concurrency
        self.retryRefused = retryRefused
        self.replace = replace
        self.limit = limit
    }
}
