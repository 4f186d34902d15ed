import Foundation

/// The scores of a detector on labelled images, and every metric the field reports, computed as
/// scikit-learn computes them (zero division gives 0; `fake` is the positive class; predicted fake when
/// `pFake > threshold`, the verdict's rule).
public struct BinaryMetrics: Sendable, Codable, Equatable {
    public struct Confusion: Sendable, Codable, Equatable {
        public var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0
    }

    public var count: Int
    public var positives: Int
    public var threshold: Double
    public var confusion: Confusion
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var mcc: Double
    /// Nil when only one class is present.
    public var rocAUC: Double?
    public var averagePrecision: Double?
    public var eer: Double?
    public var brier: Double
    public var logLoss: Double
    /// The threshold of highest F1 on these scores (a diagnostic: never use it to report results on the same data).
    public var bestF1Threshold: Double?
    public var bestF1: Double?
    /// BitMind subnet score: `sqrt(((MCC+1)/2)^1.2 · ((0.25−Brier)/0.25)^1.8)`, with a Brier above 0.25 scoring 0.
    public var subnetScore: Double

    /// Camel case without the acronym, so that `JSONConvention` writes `roc_auc` and reads it back.
    enum CodingKeys: String, CodingKey {
        case count, positives, threshold, confusion, accuracy, precision, recall, f1, mcc, averagePrecision, eer, brier, logLoss
        case bestF1Threshold, bestF1, subnetScore
        case rocAUC = "rocAuc"
    }

    /// The names of the scalar metrics, in report order.
    public static let scalarNames = ["accuracy", "precision", "recall", "f1", "mcc", "roc_auc", "average_precision",
                                     "eer", "brier", "log_loss", "subnet_score"]

    /// The value of a scalar metric by its report name.
    public func value(_ name: String) -> Double? {
        switch name {
        case "accuracy": accuracy
        case "precision": precision
        case "recall": recall
        case "f1": f1
        case "mcc": mcc
        case "roc_auc": rocAUC
        case "average_precision": averagePrecision
        case "eer": eer
        case "brier": brier
        case "log_loss": logLoss
        case "subnet_score": subnetScore
        default: nil
        }
    }

    /// Computes every metric. `labels[i]` is true for fake; `scores[i]` is the probability of fake.
    /// Returns nil for an empty set.
    public init?(labels: [Bool], scores: [Double], threshold: Double) {
        guard !labels.isEmpty, labels.count == scores.count else { return nil }
        count = labels.count
        positives = labels.count(where: { $0 })
        self.threshold = threshold
        var c = Confusion()
        var brierSum = 0.0, logSum = 0.0
        let eps = Double.ulpOfOne
        for (label, score) in zip(labels, scores) {
            let predicted = score > threshold
            switch (label, predicted) {
            case (true, true): c.truePositives += 1
            case (false, true): c.falsePositives += 1
            case (false, false): c.trueNegatives += 1
            case (true, false): c.falseNegatives += 1
            }
            let y = label ? 1.0 : 0.0
            brierSum += (score - y) * (score - y)
            let p = min(max(score, eps), 1 - eps)
            logSum -= label ? Foundation.log(p) : Foundation.log(1 - p)
        }
        confusion = c
        let tp = Double(c.truePositives), fp = Double(c.falsePositives), tn = Double(c.trueNegatives), fn = Double(c.falseNegatives)
        accuracy = (tp + tn) / Double(count)
        precision = tp + fp > 0 ? tp / (tp + fp) : 0
        recall = tp + fn > 0 ? tp / (tp + fn) : 0
        f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
        let denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        mcc = denominator > 0 ? (tp * tn - fp * fn) / denominator : 0
        brier = brierSum / Double(count)
        logLoss = logSum / Double(count)
        let calibration = max(0, (0.25 - brier) / 0.25)
        subnetScore = (pow((mcc + 1) / 2, 1.2) * pow(calibration, 1.8)).squareRoot()

        let curves = RankingCurves(labels: labels, scores: scores)
        rocAUC = curves?.rocAUC
        averagePrecision = curves?.averagePrecision
        eer = curves?.equalErrorRate
        bestF1Threshold = curves?.bestF1.threshold
        bestF1 = curves?.bestF1.f1
    }
}
