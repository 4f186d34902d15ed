import Foundation

/// How classifier scores are mapped to calibrated probabilities. Every method is non-decreasing in the score:
/// a calibrator may flatten a score that carries no information, never invert one that ranks backwards.
public enum CalibrationMethod: String, Sendable, Codable {
    /// Platt scaling: a logistic curve 1 / (1 + exp(a·score + b)) fitted to smoothed targets, with a ≤ 0 (the
    /// increasing side); where the best unconstrained slope is decreasing, the fit is the constant a = 0.
    case platt
    /// Isotonic regression: the best non-decreasing step function, linearly interpolated and clipped at the ends.
    case isotonic
}

/// Maps raw scores (for example held-out classifier probabilities) to calibrated probabilities.
public struct ProbabilityCalibrator: Sendable, Codable, Equatable {
    public let method: CalibrationMethod
    /// Platt's a and b (empty for isotonic).
    public let sigmoid: [Double]
    /// Isotonic knots: ascending scores and their non-decreasing probabilities (empty for Platt).
    public let knotScores: [Double]
    public let knotProbabilities: [Double]

    /// `weights` are per-score sample weights (scikit-learn's `sample_weight`); default 1 each.
    public static func fit(scores: [Double], labels: [Bool], method: CalibrationMethod,
                           weights: [Double]? = nil) throws(LearnError) -> Self {
        guard !scores.isEmpty else { throw .empty }
        guard labels.count == scores.count else { throw .labelCountMismatch(rows: scores.count, labels: labels.count) }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(row: bad, column: "score") }
        let weights = weights ?? Array(repeating: 1, count: scores.count)
        guard weights.count == scores.count else { throw .labelCountMismatch(rows: scores.count, labels: weights.count) }
        if let bad = weights.firstIndex(where: { !($0.isFinite && $0 > 0) }) { throw .nonFinite(row: bad, column: "weight") }
        switch method {
        case .platt:
            return Self(method: method, sigmoid: plattFit(scores, labels, weights), knotScores: [], knotProbabilities: [])
        case .isotonic:
            let (x, y) = isotonicFit(scores, labels, weights)
            return Self(method: method, sigmoid: [], knotScores: x, knotProbabilities: y)
        }
    }

    /// Weights that give each class the same total, so a fit does not learn the class balance of its data: a map
    /// fitted on folds whose share of fakes differs then still gives comparable probabilities.
    public static func classBalancedWeights(_ labels: [Bool]) -> [Double] {
        let fakes = Double(labels.count(where: { $0 })), reals = Double(labels.count) - fakes
        let total = Double(labels.count)
        return labels.map { $0 ? total / (2 * max(fakes, 1)) : total / (2 * max(reals, 1)) }
    }

    /// The flat map: every score becomes `probability`. What an expert that ranks no better than chance gets.
    public static func constant(_ probability: Double) -> Self {
        Self(method: .isotonic, sigmoid: [], knotScores: [0], knotProbabilities: [min(max(probability, 0), 1)])
    }

    /// Whether every score maps to the same probability.
    public var isConstant: Bool {
        switch method {
        case .platt: sigmoid[0] == 0
        case .isotonic: Set(knotProbabilities).count == 1
        }
    }

    private init(method: CalibrationMethod, sigmoid: [Double], knotScores: [Double], knotProbabilities: [Double]) {
        self.method = method
        self.sigmoid = sigmoid
        self.knotScores = knotScores
        self.knotProbabilities = knotProbabilities
    }

    public func calibrated(_ score: Double) -> Double {
        switch method {
        case .platt:
            return CAMOLearn.sigmoid(-(sigmoid[0] * score + sigmoid[1]))
        case .isotonic:
            guard score > knotScores[0] else { return knotProbabilities[0] }
            guard score < knotScores[knotScores.count - 1] else { return knotProbabilities[knotScores.count - 1] }
            var low = 0
            var high = knotScores.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if knotScores[middle] <= score { low = middle } else { high = middle }
            }
            let t = (score - knotScores[low]) / (knotScores[high] - knotScores[low])
            return knotProbabilities[low] + t * (knotProbabilities[high] - knotProbabilities[low])
        }
    }

    /// Platt (1999) with the targets (N₊+1)/(N₊+2) and 1/(N₋+2), minimised by Newton's method with backtracking
    /// as in Lin, Lin & Weng (2007).
    private static func plattFit(_ scores: [Double], _ labels: [Bool], _ weights: [Double]) -> [Double] {
        let positives = Double(labels.filter { $0 }.count)
        let negatives = Double(labels.count) - positives
        let high = (positives + 1) / (positives + 2)
        let low = 1 / (negatives + 2)
        // The loss in u = a·s + b is Σ softplus(u) − (1 − t)·u, whose derivative is σ(u) − (1 − t).
        let complement = labels.map { 1 - ($0 ? high : low) }
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = 0.0
            for index in scores.indices {
                let u = a * scores[index] + b
                total += weights[index] * (max(u, 0) + log1p(exp(-abs(u))) - complement[index] * u)
            }
            return total
        }
        var a = 0.0
        var b = log((negatives + 1) / (positives + 1))
        var current = loss(a, b)
        for _ in 0..<100 {
            var (ga, gb, haa, hab, hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12)
            for index in scores.indices {
                let score = scores[index]
                let p = CAMOLearn.sigmoid(a * score + b)
                let d = weights[index] * (p - complement[index])
                let w = weights[index] * p * (1 - p)
                ga += score * d
                gb += d
                haa += score * score * w
                hab += score * w
                hbb += w
            }
            if abs(ga) < 1e-10 && abs(gb) < 1e-10 { break }
            let determinant = haa * hbb - hab * hab
            guard determinant > 0 else { break }
            let da = -(hbb * ga - hab * gb) / determinant
            let db = -(haa * gb - hab * ga) / determinant
            let slope = ga * da + gb * db
            var length = 1.0
            var improved = false
            while length >= 1e-10 {
                let candidate = loss(a + length * da, b + length * db)
                if candidate <= current + 1e-4 * length * slope {
                    a += length * da
                    b += length * db
                    current = candidate
                    improved = true
                    break
                }
                length /= 2
            }
            if !improved { break }
        }
        // The loss is convex in (a, b), so when its minimum lies on the decreasing side (a > 0) the constrained
        // minimum lies on the boundary a = 0, where it is the constant whose probability is the mean target.
        if a > 0 {
            var weightedComplement = 0.0
            for index in weights.indices { weightedComplement += weights[index] * complement[index] }
            let meanTarget = 1 - weightedComplement / weights.reduce(0, +)
            return [0, log((1 - meanTarget) / meanTarget)]
        }
        return [a, b]
    }

    /// scikit-learn's `IsotonicRegression(increasing=True)`: equal scores are merged into their mean label, the
    /// means are pooled where they decrease, and knots interior to a flat run are dropped.
    private static func isotonicFit(_ scores: [Double], _ labels: [Bool], _ sampleWeights: [Double]) -> (x: [Double], y: [Double]) {
        let order = scores.indices.sorted { (scores[$0], labels[$0] ? 1 : 0) < (scores[$1], labels[$1] ? 1 : 0) }
        var xs: [Double] = []
        var means: [Double] = []
        var weights: [Double] = []
        for index in order {
            let score = scores[index]
            let label = labels[index] ? 1.0 : 0.0
            let sampleWeight = sampleWeights[index]
            // scikit-learn treats scores closer than float64 resolution (1e-15) as equal.
            if let last = xs.last, score - last < 1e-15 {
                let weight = weights[weights.count - 1]
                means[means.count - 1] = (means[means.count - 1] * weight + label * sampleWeight) / (weight + sampleWeight)
                weights[weights.count - 1] = weight + sampleWeight
            } else {
                xs.append(score)
                means.append(label)
                weights.append(sampleWeight)
            }
        }
        let fitted = poolAdjacentViolators(means, weights: weights)
        var keptX: [Double] = []
        var keptY: [Double] = []
        for i in xs.indices {
            let interior = i > 0 && i < xs.count - 1 && fitted[i - 1] == fitted[i] && fitted[i] == fitted[i + 1]
            if !interior {
                keptX.append(xs[i])
                keptY.append(fitted[i])
            }
        }
        return (keptX, keptY)
    }

    /// The weighted least-squares non-decreasing fit to `values`.
    static func poolAdjacentViolators(_ values: [Double], weights: [Double]) -> [Double] {
        var blockMeans: [Double] = []
        var blockWeights: [Double] = []
        var blockSizes: [Int] = []
        for (value, weight) in zip(values, weights) {
            var mean = value
            var total = weight
            var size = 1
            while let previous = blockMeans.last, previous >= mean {
                let previousWeight = blockWeights.removeLast()
                mean = (previous * previousWeight + mean * total) / (previousWeight + total)
                total += previousWeight
                size += blockSizes.removeLast()
                blockMeans.removeLast()
            }
            blockMeans.append(mean)
            blockWeights.append(total)
            blockSizes.append(size)
        }
        return zip(blockMeans, blockSizes).flatMap { Array(repeating: $0, count: $1) }
    }

    private enum CodingKeys: String, CodingKey { case method, sigmoid, knotScores, knotProbabilities }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(CalibrationMethod.self, forKey: .method)
        sigmoid = try container.decode([Double].self, forKey: .sigmoid)
        knotScores = try container.decode([Double].self, forKey: .knotScores)
        knotProbabilities = try container.decode([Double].self, forKey: .knotProbabilities)
        let problem: String? =
            switch method {
            case .platt:
                sigmoid.count != 2 || !sigmoid.allSatisfy(\.isFinite) || !knotScores.isEmpty || !knotProbabilities.isEmpty
                    ? "Platt calibration needs exactly two finite sigmoid parameters and no knots"
                    : sigmoid[0] > 0
                    ? "Platt calibration must not decrease with the score (sigmoid[0] > 0 inverts it); re-fit it with this version"
                    : nil
            case .isotonic:
                knotScores.isEmpty || knotScores.count != knotProbabilities.count || !sigmoid.isEmpty
                    ? "isotonic calibration needs as many knot probabilities as knot scores, at least one"
                    : !zip(knotScores, knotScores.dropFirst()).allSatisfy({ $0 < $1 }) || !knotScores.allSatisfy(\.isFinite)
                    ? "isotonic knot scores must be finite and strictly increasing"
                    : !knotProbabilities.allSatisfy({ (0...1).contains($0) })
                    ? "isotonic knot probabilities must lie in [0, 1]"
                    : !zip(knotProbabilities, knotProbabilities.dropFirst()).allSatisfy({ $0 <= $1 })
                    ? "isotonic knot probabilities must not decrease" : nil
            }
        try decoder.reject(problem)
    }
}
