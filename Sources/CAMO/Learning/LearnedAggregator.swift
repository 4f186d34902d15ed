import CAMOLearn
import Foundation

/// `aggregation: learned`: a model trained by `camo train aggregator` reads every expert's score
/// (`expert.<name>`, −1 when the expert did not judge), the gate's features and, if it was trained with them,
/// the forensic features, and gives the image's P(fake).
public struct LearnedAggregator: Sendable {
    /// The value of `expert.<name>` when the expert did not run or had nothing to judge.
    public static let absentScore: Float = -1

    public let model: LearnedModel
    /// Whether the model reads more than expert scores, so the image's signals must be computed.
    private let readsSignals: Bool

    public init(model: LearnedModel) {
        self.model = model
        readsSignals = model.featureNames.contains { !$0.hasPrefix("expert.") }
    }

    /// The feature name under which an expert's score reaches the model.
    public static func featureName(ofExpert name: String) -> String { "expert.\(name)" }

    public func score(experts: [String: Double?], context: ImageContext) async throws -> Double {
        var features: [String: Float] = [:]
        for (name, score) in experts {
            features[Self.featureName(ofExpert: name)] = score.map { Float($0) } ?? Self.absentScore
        }
        if readsSignals {
            features.merge(try await ImageSignals.all(for: context)) { first, _ in first }
        }
        return try model.probability(of: features)
    }
}
