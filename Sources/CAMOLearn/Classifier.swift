/// One of the trained classifiers a `LearnedModel` can hold.
public enum Classifier: Sendable, Codable, Equatable {
    case boostedTrees(GradientBoostedTrees)
    case logistic(LogisticProbe)

    public var featureNames: [String] {
        switch self {
        case .boostedTrees(let model): model.featureNames
        case .logistic(let model): model.featureNames
        }
    }

    public func probability(of row: ArraySlice<Float>) -> Double {
        switch self {
        case .boostedTrees(let model): model.probability(of: row)
        case .logistic(let model): model.probability(of: row)
        }
    }

    private enum Kind: String, Codable { case boostedTrees = "boosted_trees", logistic }
    private enum CodingKeys: String, CodingKey { case kind, model }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .boostedTrees: self = .boostedTrees(try container.decode(GradientBoostedTrees.self, forKey: .model))
        case .logistic: self = .logistic(try container.decode(LogisticProbe.self, forKey: .model))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .boostedTrees(let model):
            try container.encode(Kind.boostedTrees, forKey: .kind)
            try container.encode(model, forKey: .model)
        case .logistic(let model):
            try container.encode(Kind.logistic, forKey: .kind)
            try container.encode(model, forKey: .model)
        }
    }
}
