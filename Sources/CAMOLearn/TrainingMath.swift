import Foundation

func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}

/// Mean binary cross-entropy of log-odds `scores` against 0/1 `labels`, computed without overflow.
func logLoss(_ scores: [Double], _ labels: [Double]) -> Double {
    guard !scores.isEmpty else { return 0 }
    var total = 0.0
    for (score, label) in zip(scores, labels) {
        total += max(score, 0) + log1p(exp(-abs(score))) - label * score
    }
    return total / Double(scores.count)
}

/// The checks every classifier makes before fitting.
func checkTrainingSet(_ x: FeatureMatrix, labels: [Bool]) throws(LearnError) {
    guard x.rowCount > 0, x.columnCount > 0 else { throw .empty }
    guard labels.count == x.rowCount else { throw .labelCountMismatch(rows: x.rowCount, labels: labels.count) }
    guard labels.contains(true), labels.contains(false) else { throw .oneClass }
}
