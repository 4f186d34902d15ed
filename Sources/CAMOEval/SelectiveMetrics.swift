/// What a system's verdicts (not its scores) did on labelled images: how many it dared to call, and how often those
/// calls were right. `uncertain` is an answer, not an error: it lowers coverage, never accuracy.
public struct SelectiveMetrics: Sendable, Codable, Equatable {
    /// Images with a verdict (every image a system answered, `uncertain` included).
    public var images: Int
    /// Images called `fake` or `real`.
    public var definite: Int
    /// definite / images.
    public var coverage: Double
    /// Share of definite verdicts that were right; nil when there were none.
    public var definiteAccuracy: Double?
    /// Share of real images called fake; nil without real images.
    public var realsCalledFake: Double?
    /// Share of fake images called real; nil without fakes.
    public var fakesCalledReal: Double?
    /// Verdicts by basis (`evidence`, `calibrated_experts`, `none`, `uncalibrated_experts`).
    public var bases: [String: Int]

    /// The names of the scalar metrics, in report order.
    public static let scalarNames = ["coverage", "definite_accuracy", "reals_called_fake", "fakes_called_real"]

    public func value(_ name: String) -> Double? {
        switch name {
        case "coverage": coverage
        case "definite_accuracy": definiteAccuracy
        case "reals_called_fake": realsCalledFake
        case "fakes_called_real": fakesCalledReal
        default: nil
        }
    }

    /// `labels[i]` is true for fake; `verdicts[i]` is `fake`, `real` or `uncertain`. Nil for no images.
    public init?(labels: [Bool], verdicts: [String], bases: [String?] = []) {
        guard !labels.isEmpty, labels.count == verdicts.count else { return nil }
        images = labels.count
        var definite = 0, correct = 0, falseFakes = 0, falseReals = 0
        for (isFake, verdict) in zip(labels, verdicts) where verdict == "fake" || verdict == "real" {
            definite += 1
            if (verdict == "fake") == isFake { correct += 1 }
            if !isFake && verdict == "fake" { falseFakes += 1 }
            if isFake && verdict == "real" { falseReals += 1 }
        }
        self.definite = definite
        coverage = Double(definite) / Double(images)
        definiteAccuracy = definite > 0 ? Double(correct) / Double(definite) : nil
        let fakes = labels.count(where: { $0 }), reals = labels.count - fakes
        realsCalledFake = reals > 0 ? Double(falseFakes) / Double(reals) : nil
        fakesCalledReal = fakes > 0 ? Double(falseReals) / Double(fakes) : nil
        var counts: [String: Int] = [:]
        for basis in bases { counts[basis ?? "unknown", default: 0] += 1 }
        self.bases = counts
    }
}

/// The risk–coverage curve of selective prediction (Geifman & El-Yaniv, 2017): images ordered from the most to the
/// least confident (|p_fake − 0.5|; ties enter together), and at each coverage the error rate of calling the covered
/// images by p_fake > 0.5. Its area (AURC) is lower for a system whose confident answers are right.
public struct RiskCoverage: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var coverage: Double
        public var risk: Double
    }

    public var points: [Point]
    /// Area under the curve, the mean of the risk at each image's coverage.
    public var area: Double

    public init?(labels: [Bool], scores: [Double]) {
        guard !labels.isEmpty, labels.count == scores.count else { return nil }
        let order = scores.indices.sorted { abs(scores[$0] - 0.5) > abs(scores[$1] - 0.5) }
        var errors = 0
        var points: [Point] = []
        var areaSum = 0.0
        var pendingRisks = 0
        for (rank, index) in order.enumerated() {
            if (scores[index] > 0.5) != labels[index] { errors += 1 }
            pendingRisks += 1
            let isLastOfLevel = rank + 1 == order.count
                || abs(scores[order[rank + 1]] - 0.5) != abs(scores[index] - 0.5)
            guard isLastOfLevel else { continue }
            let covered = rank + 1
            let risk = Double(errors) / Double(covered)
            areaSum += risk * Double(pendingRisks)
            pendingRisks = 0
            points.append(Point(coverage: Double(covered) / Double(order.count), risk: risk))
        }
        self.points = points
        area = areaSum / Double(order.count)
    }
}
