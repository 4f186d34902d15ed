/// How expert opinions become one score and one verdict.
public struct Aggregation: Sendable, Equatable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// The highest score of any applicable expert: the original's rule ("any expert sees a fake").
        case max
        case mean
        /// Mean weighted by each route's weight.
        case weighted
        /// Each expert votes high (> 0.5), uncertain (> 0.33) or low; trusted experts count twice; two or more
        /// high votes make the verdict `fake`. The score reported is the weighted mean.
        case vote
        /// A model trained by `camo train aggregator` (`LearnedAggregator`) gives the score from every expert's score
        /// and the image's signals; without its score, the highest expert score stands in.
        case learned
    }

    public var method: Method
    /// Scores above this are `fake` (the original answered "> 0.5 = AI").
    public var threshold: Double
    /// Scores within this distance of the threshold are `uncertain` (0 disables).
    public var uncertainBand: Double

    public init(method: Method = .max, threshold: Double = 0.5, uncertainBand: Double = 0) {
        self.method = method
        self.threshold = threshold
        self.uncertainBand = uncertainBand
    }

    /// One expert's input to the aggregate.
    public struct Input: Sendable, Equatable {
        public var pFake: Double
        public var weight: Double
        public var trusted: Bool
        /// Hard evidence (a generator's metadata, a signed manifest): when present it decides alone.
        public var decisive: Bool
        /// The expert's name, for explanations.
        public var source: String

        public init(pFake: Double, weight: Double = 1, trusted: Bool = false, decisive: Bool = false, source: String = "") {
            self.source = source
            self.pFake = pFake
            self.weight = weight
            self.trusted = trusted
            self.decisive = decisive
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var pFake: Double?
        public var verdict: Verdict
        /// How the outcome was reached, for the result's route.
        public var explanation: String
    }

    /// `learnedScore` is the `LearnedAggregator`'s score, used by the `learned` method.
    public func combine(_ inputs: [Input], learnedScore: Double? = nil) -> Outcome {
        guard !inputs.isEmpty else {
            return Outcome(pFake: nil, verdict: .uncertain, explanation: "no expert could judge this image")
        }
        if let decisive = inputs.filter(\.decisive).max(by: { $0.pFake < $1.pFake }) {
            return Outcome(pFake: decisive.pFake, verdict: verdict(for: decisive.pFake),
                           explanation: "decided by hard evidence from \(decisive.source)")
        }
        if method == .learned, let learnedScore {
            return Outcome(pFake: learnedScore, verdict: verdict(for: learnedScore), explanation: "learned aggregation of expert scores")
        }
        switch method {
        case .max, .learned:
            let score = inputs.map(\.pFake).max()!
            return Outcome(pFake: score, verdict: verdict(for: score), explanation: "highest expert score")
        case .mean:
            let score = inputs.map(\.pFake).reduce(0, +) / Double(inputs.count)
            return Outcome(pFake: score, verdict: verdict(for: score), explanation: "mean of expert scores")
        case .weighted:
            let score = weightedMean(inputs)
            return Outcome(pFake: score, verdict: verdict(for: score), explanation: "weighted mean of expert scores")
        case .vote:
            var high = 0
            var uncertain = 0
            for input in inputs {
                let votes = input.trusted ? 2 : 1
                if input.pFake > 0.5 { high += votes } else if input.pFake > 0.33 { uncertain += votes }
            }
            let verdict: Verdict = high >= 2 ? .fake : (high + uncertain >= 2 ? .uncertain : .real)
            return Outcome(pFake: weightedMean(inputs), verdict: verdict,
                           explanation: "\(high) high and \(uncertain) uncertain votes")
        }
    }

    private func weightedMean(_ inputs: [Input]) -> Double {
        let total = inputs.map(\.weight).reduce(0, +)
        guard total > 0 else { return inputs.map(\.pFake).reduce(0, +) / Double(inputs.count) }
        return inputs.map { $0.pFake * $0.weight }.reduce(0, +) / total
    }

    public func verdict(for score: Double) -> Verdict {
        if uncertainBand > 0 && abs(score - threshold) < uncertainBand { return .uncertain }
        return score > threshold ? .fake : .real
    }
}
