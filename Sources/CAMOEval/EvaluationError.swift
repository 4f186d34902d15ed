import Foundation

/// Everything that can go wrong reading a dataset, a cache or a report; each message says what and where.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    case datasetNotFound(path: String)
    case unrecognisedLayout(path: String)
    case malformedRow(file: String, line: Int, reason: String)
    case missingColumn(file: String, column: String)
    case emptyDataset(path: String)
    case unknownAugmentation(String)
    case invalidShard(String)
    case unreadableReport(path: String, reason: String)
    case augmentationFailed(String)

    public var description: String {
        switch self {
        case let .datasetNotFound(path): "no dataset at \(path)"
        case let .unrecognisedLayout(path):
            "\(path) is not a manifest CSV, an ImageFolder (real/ and fake/) or a folder with metadata.csv/metadata.jsonl"
        case let .malformedRow(file, line, reason): "\(file):\(line): \(reason)"
        case let .missingColumn(file, column): "\(file): no '\(column)' column in the header"
        case let .emptyDataset(path): "\(path) lists no images"
        case let .unknownAugmentation(name): "unknown augmentation level '\(name)' (use none, L0, L1, L2, L3 or chain)"
        case let .invalidShard(text): "invalid shard '\(text)': use i/n with 0 ≤ i < n"
        case let .unreadableReport(path, reason): "cannot read \(path): \(reason)"
        case let .augmentationFailed(reason): "augmentation failed: \(reason)"
        }
    }
}
