import Foundation

/// ROC and precision–recall curves over every distinct score, as scikit-learn's `roc_curve`
/// (`drop_intermediate=False`) and `precision_recall_curve` build them.
public struct RankingCurves: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var threshold: Double
        /// Counts of fakes and reals scored at or above `threshold`.
        public var truePositives: Int
        public var falsePositives: Int
    }

    public var positives: Int
    public var negatives: Int
    /// One point per distinct score, highest threshold first.
    public var points: [Point]

    /// Nil unless both classes are present.
    public init?(labels: [Bool], scores: [Double]) {
        positives = labels.count(where: { $0 })
        negatives = labels.count - positives
        guard positives > 0, negatives > 0, labels.count == scores.count else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0, fp = 0
        points = []
        for (rank, index) in order.enumerated() {
            if labels[index] { tp += 1 } else { fp += 1 }
            let isLastOfScore = rank + 1 == order.count || scores[order[rank + 1]] != scores[index]
            if isLastOfScore { points.append(Point(threshold: scores[index], truePositives: tp, falsePositives: fp)) }
        }
    }

    /// (false-positive rate, true-positive rate), starting at (0, 0).
    public var roc: [(fpr: Double, tpr: Double)] {
        [(0, 0)] + points.map { (Double($0.falsePositives) / Double(negatives), Double($0.truePositives) / Double(positives)) }
    }

    /// (recall, precision), highest threshold first.
    public var precisionRecall: [(recall: Double, precision: Double)] {
        points.map { (Double($0.truePositives) / Double(positives), Double($0.truePositives) / Double($0.truePositives + $0.falsePositives)) }
    }

    /// Trapezoidal area under the ROC curve (ties count one half).
    public var rocAUC: Double {
        let curve = roc
        var area = 0.0
        for i in 1..<curve.count {
            area += (curve[i].fpr - curve[i - 1].fpr) * (curve[i].tpr + curve[i - 1].tpr) / 2
        }
        return area
    }

    /// scikit-learn's `average_precision_score`: Σ (Rₙ − Rₙ₋₁) · Pₙ, without interpolation.
    public var averagePrecision: Double {
        var previousRecall = 0.0
        var sum = 0.0
        for point in precisionRecall {
            sum += (point.recall - previousRecall) * point.precision
            previousRecall = point.recall
        }
        return sum
    }

    /// The rate at which the miss rate equals the false-alarm rate, linearly interpolated on the ROC curve.
    public var equalErrorRate: Double {
        let curve = roc
        for i in 1..<curve.count {
            let fnr = 1 - curve[i].tpr
            guard curve[i].fpr >= fnr else { continue }
            let before = (1 - curve[i - 1].tpr) - curve[i - 1].fpr
            let after = fnr - curve[i].fpr
            let t = before - after > 0 ? before / (before - after) : 0
            return curve[i - 1].fpr + t * (curve[i].fpr - curve[i - 1].fpr)
        }
        return 1
    }

    /// The distinct score whose threshold gives the highest F1 (the first of equals, from the top).
    public var bestF1: (threshold: Double, f1: Double) {
        var best = (threshold: points[0].threshold, f1: -1.0)
        for point in points {
            let f1 = 2 * Double(point.truePositives) / Double(point.truePositives + point.falsePositives + positives)
            if f1 > best.f1 { best = (point.threshold, f1) }
        }
        return best
    }
}
