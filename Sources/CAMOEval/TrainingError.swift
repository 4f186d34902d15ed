/// Why `camo train` could not use an image or a data set.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadableImage(id: String, reason: String)
    /// The rows cannot train anything: too few images, one class only, too few sources for grouped folds.
    case unusableData(String)
    case missingExpert(String)

    public var description: String {
        switch self {
        case let .unreadableImage(id, reason): return "\(id): \(reason)"
        case let .unusableData(reason): return "cannot train: \(reason)"
        case let .missingExpert(reason): return reason
        }
    }
}
