/// How the gate's decision picks the experts that run.
public enum RoutingMode: String, Sendable, Codable, CaseIterable {
    /// The original: each gate that fires sends its input to its experts; with none, the general experts judge.
    case hard
    /// Every expert runs; weights follow the gate's confidence in the content each expert serves.
    case soft
    /// Each face and object box goes to the experts for its class; the image score is the worst region.
    case patches
}

/// What an expert is for, as a pipeline declares it in `serves`.
public enum ExpertRole: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Judges aligned faces.
    case face
    /// Judges whole images when no more specific expert applies.
    case general
    /// Judges boxes of objects in a `GateRules` category group (e.g. `category:animal`).
    case category(String)
    /// Reads evidence any image may carry (metadata, C2PA, watermarks): runs on every image.
    case evidence

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "face": self = .face
        case "general": self = .general
        case "evidence": self = .evidence
        case _ where text.hasPrefix("category:") && text.count > "category:".count:
            self = .category(String(text.dropFirst("category:".count)))
        default:
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown role '\(text)'; expected face, general, evidence or category:<group>"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch self {
        case .face: return "face"
        case .general: return "general"
        case .evidence: return "evidence"
        case let .category(group): return "category:\(group)"
        }
    }
}
