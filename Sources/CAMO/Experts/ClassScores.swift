import Foundation

/// Turning a classifier's raw scores into probabilities, for every expert kind that reads logits.
enum ClassScores {
    /// Softmax, the largest score subtracted first so no exponential overflows.
    static func softmax(_ logits: [Float]) -> [Double] {
        let top = Double(logits.max() ?? 0)
        let exps = logits.map { exp(Double($0) - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    static func sigmoid(_ logit: Float) -> Double {
        1 / (1 + exp(-Double(logit)))
    }
}
