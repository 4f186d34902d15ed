import CAMO
import CAMOLearn
import Foundation

/// The numbers of a `LearningStudy`: grouped-CV AUC, F1 and MCC with 95 % bootstrap intervals for every system at
/// every evaluation level, where the learned aggregation fails (per content and per generator), and which features
/// carried weight.
public struct StudyReport: Sendable, Codable {
    public struct Cell: Sendable, Codable {
        public var system: String
        public var variant: String
        public var count: Int
        public var positives: Int
        public var auc: Double?
        public var aucInterval: BootstrapIntervals.Interval?
        public var f1: Double
        public var f1Interval: BootstrapIntervals.Interval?
        public var mcc: Double
        public var mccInterval: BootstrapIntervals.Interval?
    }

    public struct Importance: Sendable, Codable {
        public var model: String
        public var feature: String
        public var weight: Double
    }

    /// `JSONConvention.schemaVersion` of `study.json`.
    public var schemaVersion: Int? = JSONConvention.schemaVersion
    public var cells: [Cell]
    /// The learned aggregation on each evaluation level, per `content` and per `generator` slice.
    public var slices: [Cell]
    public var importances: [Importance]
    public var folds: Int
    public var items: Int
    public var sources: Int

    public init(crossValidation: LearningStudy.CrossValidation, models: LearningStudy.Models, folds: Int, seed: UInt64) {
        let rows = crossValidation.rows
        let variants = Set(rows.map(\.variant)).filter { !$0.isTraining }.sorted { Self.order($0) < Self.order($1) }
        func cell(_ system: String, _ variant: TrainingVariant, _ label: String, where keep: (TrainingRow) -> Bool) -> Cell? {
            guard let scored = crossValidation.scores[system] else { return nil }
            let pairs = scored.filter { rows[$0.key].variant == variant && keep(rows[$0.key]) }.sorted { $0.key < $1.key }
            let labels = pairs.map { rows[$0.key].isFake }
            let scores = pairs.map(\.value)
            guard let metrics = BinaryMetrics(labels: labels, scores: scores, threshold: 0.5) else { return nil }
            let intervals = BootstrapIntervals(labels: labels, scores: scores, threshold: 0.5, options: .init(resamples: 1000, seed: seed))
            return Cell(system: label, variant: variant.description, count: metrics.count, positives: metrics.positives,
                        auc: metrics.rocAUC, aucInterval: intervals.intervals["roc_auc"], f1: metrics.f1,
                        f1Interval: intervals.intervals["f1"], mcc: metrics.mcc, mccInterval: intervals.intervals["mcc"])
        }
        let systems = crossValidation.scores.keys.sorted { Self.systemOrder($0) < Self.systemOrder($1) }
        cells = variants.flatMap { variant in systems.compactMap { cell($0, variant, $0, where: { _ in true }) } }
        var slices: [Cell] = []
        for variant in variants {
            for key in ["content", "generator"] {
                let values = Set(rows.compactMap { $0.attributes[key] }).sorted()
                for value in values {
                    if let slice = cell(LearningStudy.learnedAggregation, variant, "\(key)=\(value)",
                                        where: { $0.attributes[key] == value || !$0.isFake && key == "generator" }) {
                        slices.append(slice)
                    }
                }
            }
        }
        self.slices = slices
        var importances: [Importance] = []
        let named = [("forensic", models.forensic), ("aggregator", models.aggregator)]
        for case let (name, model?) in named {
            guard case let .boostedTrees(trees) = model.classifier else { continue }
            importances += zip(trees.featureNames, trees.featureImportances)
                .sorted { $0.1 > $1.1 }.prefix(15)
                .map { Importance(model: name, feature: $0.0, weight: $0.1) }
        }
        self.importances = importances
        self.folds = folds
        items = Set(rows.map(\.id)).count
        sources = Set(rows.map(\.source)).count
    }

    private static func order(_ variant: TrainingVariant) -> Int {
        switch variant {
        case .evaluation(.none): 0
        case .evaluation(.reencode): 1
        case let .evaluation(level): 2 + (AugmentationLevel.allCases.firstIndex(of: level) ?? 0)
        case .training: 100
        }
    }

    private static func systemOrder(_ name: String) -> String {
        switch name {
        case LearningStudy.pngRule: "0"
        case LearningStudy.originalRouting: "2"
        case LearningStudy.learnedAggregation: "3"
        default: "1" + name
        }
    }

    /// The tables for `docs/evaluation.md`.
    public var markdown: String {
        func value(_ v: Double?, _ interval: BootstrapIntervals.Interval?) -> String {
            guard let v else { return "–" }
            guard let interval else { return String(format: "%.2f", v) }
            return String(format: "%.2f [%.2f, %.2f]", v, interval.low, interval.high)
        }
        var lines = ["Grouped \(folds)-fold cross-validation by source: \(items) images from \(sources) sources; "
                     + "AUC, F1 and MCC at 0.5 with 95 % bootstrap intervals (1,000 resamples).", ""]
        var variants: [String] = []
        for cell in cells where !variants.contains(cell.variant) { variants.append(cell.variant) }
        for variant in variants {
            lines += ["**\(variant)**", "", "| system | n (fake) | AUC | F1 | MCC |", "| --- | --- | --- | --- | --- |"]
            for cell in cells where cell.variant == variant {
                lines.append("| \(cell.system) | \(cell.count) (\(cell.positives)) | \(value(cell.auc, cell.aucInterval)) | "
                             + "\(value(cell.f1, cell.f1Interval)) | \(value(cell.mcc, cell.mccInterval)) |")
            }
            lines.append("")
        }
        lines += ["**Learned aggregation by slice** (generator slices: that generator's fakes against every real image)", "",
                  "| level | slice | n (fake) | AUC | MCC |", "| --- | --- | --- | --- | --- |"]
        for cell in slices {
            lines.append("| \(cell.variant) | \(cell.system) | \(cell.count) (\(cell.positives)) | \(value(cell.auc, nil)) | \(value(cell.mcc, nil)) |")
        }
        lines += ["", "**Features that carried weight** (share of split gain in the final models)", "",
                  "| model | feature | weight |", "| --- | --- | --- |"]
        for importance in importances {
            lines.append("| \(importance.model) | \(importance.feature) | \(String(format: "%.3f", importance.weight)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
