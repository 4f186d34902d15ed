import CAMOEval
import Foundation
import Testing

struct ReportRenderingTests {
    func results(scores: [Double], system: String = "camo") -> EvaluationResults {
        let items = scores.indices.map { DatasetItem(id: "\($0).png", url: URL(fileURLWithPath: "\($0).png"), isFake: $0 % 2 == 1,
                                                     attributes: ["content": $0 < 4 ? "face" : "general"]) }
        let predictions = zip(items, scores).map { item, score in
            var prediction = Prediction(id: item.id, sha256: "s\(item.id)", system: system, augmentation: "none", failure: "")
            prediction.pFake = score
            prediction.errors = []
            return prediction
        }
        let configuration = EvaluationResults.Configuration(
            dataset: "toy <set>", layout: "manifest", pipeline: "p", pipelineHash: "h", augmentation: "none", seed: 0,
            threshold: 0.5, bootstrapResamples: 200, shard: nil, camoVersion: "test")
        return EvaluationResults(configuration: configuration, items: items, missing: [], predictions: predictions, systems: [system],
                                 builder: ReportBuilder(options: .init(bootstrap: .init(resamples: 200))))
    }

    @Test func htmlIsSelfContainedWithFourChartsAndTheVerdictTables() {
        let html = HTMLReport.render(results(scores: [0.1, 0.9, 0.6, 0.7, 0.2, 0.4, 0.3, 0.8]), thumbnails: ["2.png": Data([0xFF, 0xD8])])
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.contains("Risk–coverage") && html.contains("accuracy of definite verdicts"))
        #expect(html.contains("<polyline"))
        #expect(html.contains("<circle"))
        #expect(html.contains("toy &lt;set&gt;"))
        #expect(html.contains("data:image/jpeg;base64,/9g="))
        #expect(!html.contains("src=\"http") && !html.contains("<link") && !html.contains("<script"))
    }

    @Test func reliabilityBinsCountEveryScore() throws {
        let report = try #require(results(scores: [0.05, 0.95, 0.15, 1.0, 0.5, 0.55]).systems.first)
        #expect(report.reliability.map(\.count).reduce(0, +) == 6)
        #expect(report.reliability.last?.count == 2) // 0.95 and 1.0 share the top bin
    }

    @Test func comparisonReportsDifferencesAndIntervals() {
        let before = results(scores: [0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4])
        let after = results(scores: [0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.1, 0.9])
        let comparison = ReportComparison(before: before, after: after)
        #expect(comparison.sameDataset)
        let accuracy = comparison.rows.first { $0.metric == "accuracy" }
        #expect(accuracy?.before == 0 && accuracy?.after == 1)
        #expect(accuracy?.intervalsSeparate == true)
        #expect(comparison.render().contains("+1.000"))
        let renamed = ReportComparison(before: before, after: results(scores: [0.5], system: "other"))
        #expect(renamed.rows.isEmpty && renamed.notes.count == 3)
    }
}
