import Foundation

/// Everything that stops `DatasetPreparer`; each message says what was wrong and where.
/// (Problems with single images do not stop a run: they are counted in the report by reason.)
public enum PreparationError: Error, CustomStringConvertible, Equatable, Sendable {
    case unknownTransform(String, known: [String])
    case repeatedTransform(String)
    case invalidSplits(String, reason: String)
    case invalidOption(String)
    case outputHoldsOtherData(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case unreadableOutput(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownTransform(name, known): "unknown transform '\(name)' (use \(known.joined(separator: ", ")))"
        case let .repeatedTransform(name): "transform '\(name)' is listed twice"
        case let .invalidSplits(text, reason): "invalid --splits '\(text)': \(reason)"
        case let .invalidOption(reason): reason
        case let .outputHoldsOtherData(path, reason): "\(path) \(reason); choose an empty folder or pass --resume"
        case let .writeFailed(path, reason): "cannot write \(path): \(reason); the run stopped, nothing is half-written (re-run to resume)"
        case let .readFailed(path, reason): "cannot read \(path): \(reason)"
        case let .unreadableOutput(path, reason): "\(path) is not a prepared dataset: \(reason)"
        }
    }
}
