import CAMOEval
import CAMOTesting
import Foundation
import Testing

/// Metric values checked against scikit-learn (`scripts/oracles/metrics_sklearn.py`).
struct MetricsOracleTests {
    struct Case: Decodable {
        var labels: [Int]
        var scores: [Double]
        var threshold: Double
        var expected: [String: Double]
    }

    struct File: Decodable { var cases: [Case] }

    static func cases() throws -> [Case] {
        try JSONDecoder().decode(File.self, from: Fixtures.data("eval/metrics_sklearn.json")).cases
    }

    @Test func everyMetricMatchesScikitLearn() throws {
        let cases = try Self.cases()
        #expect(cases.count == 40)
        for (index, testCase) in cases.enumerated() {
            let metrics = try #require(BinaryMetrics(labels: testCase.labels.map { $0 == 1 }, scores: testCase.scores,
                                                     threshold: testCase.threshold))
            for name in ["accuracy", "precision", "recall", "f1", "mcc", "roc_auc", "average_precision", "brier", "log_loss", "eer"] {
                let expected = try #require(testCase.expected[name])
                let actual = try #require(metrics.value(name), "case \(index) \(name)")
                #expect(abs(actual - expected) < 1e-9, "case \(index) \(name): \(actual) vs \(expected)")
            }
            let e = testCase.expected
            #expect(Double(metrics.confusion.truePositives) == e["tp"])
            #expect(Double(metrics.confusion.falsePositives) == e["fp"])
            #expect(Double(metrics.confusion.trueNegatives) == e["tn"])
            #expect(Double(metrics.confusion.falseNegatives) == e["fn"])
            #expect(abs((metrics.bestF1 ?? -1) - (e["best_f1"] ?? 0)) < 1e-9, "case \(index) best F1")
            #expect(metrics.bestF1Threshold == e["best_f1_threshold"], "case \(index) best-F1 threshold")
        }
    }

    @Test func subnetScoreFollowsTheFormula() throws {
        let metrics = try #require(BinaryMetrics(labels: [true, false, true, false], scores: [0.9, 0.2, 0.4, 0.6], threshold: 0.5))
        let expected = (pow((metrics.mcc + 1) / 2, 1.2) * pow((0.25 - metrics.brier) / 0.25, 1.8)).squareRoot()
        #expect(abs(metrics.subnetScore - expected) < 1e-12)
        let perfect = try #require(BinaryMetrics(labels: [true, false], scores: [1, 0], threshold: 0.5))
        #expect(perfect.subnetScore == 1)
        let inverted = try #require(BinaryMetrics(labels: [true, false], scores: [0, 1], threshold: 0.5))
        #expect(inverted.subnetScore == 0)
    }

    @Test func singleClassHasNoRankingMetrics() throws {
        let metrics = try #require(BinaryMetrics(labels: [true, true], scores: [0.8, 0.3], threshold: 0.5))
        #expect(metrics.rocAUC == nil && metrics.averagePrecision == nil && metrics.eer == nil)
        #expect(metrics.recall == 0.5)
        #expect(BinaryMetrics(labels: [], scores: [], threshold: 0.5) == nil)
    }

    @Test func bootstrapIsSeededAndBracketsTheEstimate() throws {
        let testCase = try Self.cases()[0]
        let labels = testCase.labels.map { $0 == 1 }
        let options = BootstrapIntervals.Options(resamples: 300, seed: 7)
        let first = BootstrapIntervals(labels: labels, scores: testCase.scores, threshold: 0.5, options: options)
        let second = BootstrapIntervals(labels: labels, scores: testCase.scores, threshold: 0.5, options: options)
        #expect(first == second)
        let other = BootstrapIntervals(labels: labels, scores: testCase.scores, threshold: 0.5,
                                       options: .init(resamples: 300, seed: 8))
        #expect(other != first)
        let point = try #require(BinaryMetrics(labels: labels, scores: testCase.scores, threshold: 0.5))
        for name in ["accuracy", "roc_auc", "brier"] {
            let interval = try #require(first.intervals[name])
            let value = try #require(point.value(name))
            #expect(interval.low <= value && value <= interval.high, "\(name)")
            #expect(interval.low < interval.high)
        }
    }
}
