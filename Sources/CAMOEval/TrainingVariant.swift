/// Which version of a data set image a training row describes: a shortcut-controlled training copy, or the
/// image at one robustness level for evaluation.
public enum TrainingVariant: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The `n`-th `ShortcutControl` copy: what models learn from.
    case training(copy: Int)
    /// The image at a robustness level (`none` is the file as shipped): what models are scored on.
    case evaluation(AugmentationLevel)

    /// Parses `train-<n>` or an augmentation level name.
    public init(parsing text: String) throws(EvaluationError) {
        if text.hasPrefix("train-"), let copy = Int(text.dropFirst("train-".count)), copy >= 0 {
            self = .training(copy: copy)
        } else {
            self = .evaluation(try AugmentationLevel(parsing: text))
        }
    }

    public var description: String {
        switch self {
        case let .training(copy): "train-\(copy)"
        case let .evaluation(level): level.rawValue
        }
    }

    public var isTraining: Bool {
        if case .training = self { return true }
        return false
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try TrainingVariant(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}
