import Foundation

/// The differences between two evaluations, metric by metric, with each side's interval: what `camo eval compare` prints.
public struct ReportComparison: Sendable {
    public struct Row: Sendable, Equatable {
        public var system: String
        public var metric: String
        public var before: Double
        public var after: Double
        public var beforeInterval: BootstrapIntervals.Interval?
        public var afterInterval: BootstrapIntervals.Interval?

        public var difference: Double { after - before }

        /// True when both intervals exist and do not overlap: a difference unlikely to be resampling noise.
        public var intervalsSeparate: Bool {
            guard let a = beforeInterval, let b = afterInterval else { return false }
            return a.high < b.low || b.high < a.low
        }
    }

    public var rows: [Row]
    public var sameDataset: Bool
    public var notes: [String]

    public init(before: EvaluationResults, after: EvaluationResults) {
        sameDataset = before.datasetHash == after.datasetHash
        notes = []
        if !sameDataset { notes.append("the datasets differ (hash \(before.datasetHash.prefix(12)) vs \(after.datasetHash.prefix(12)))") }
        if before.configuration.augmentation != after.configuration.augmentation {
            notes.append("augmentation \(before.configuration.augmentation) vs \(after.configuration.augmentation)")
        }
        let afterBySystem = Dictionary(after.systems.map { ($0.system, $0) }, uniquingKeysWith: { first, _ in first })
        rows = []
        for system in before.systems {
            guard let other = afterBySystem[system.system] else {
                notes.append("system '\(system.system)' is only in the first report")
                continue
            }
            for metric in BinaryMetrics.scalarNames {
                guard let a = system.overall.metrics?.value(metric), let b = other.overall.metrics?.value(metric) else { continue }
                rows.append(Row(system: system.system, metric: metric, before: a, after: b,
                                beforeInterval: system.overall.intervals?.intervals[metric],
                                afterInterval: other.overall.intervals?.intervals[metric]))
            }
            for metric in SelectiveMetrics.scalarNames {
                guard let a = system.overall.selective?.value(metric), let b = other.overall.selective?.value(metric) else { continue }
                rows.append(Row(system: system.system, metric: metric, before: a, after: b))
            }
        }
        for system in after.systems where !before.systems.contains(where: { $0.system == system.system }) {
            notes.append("system '\(system.system)' is only in the second report")
        }
    }

    /// A plain-text table.
    public func render() -> String {
        func ci(_ interval: BootstrapIntervals.Interval?) -> String {
            interval.map { "[\(MarkdownReport.format($0.low)), \(MarkdownReport.format($0.high))]" } ?? ""
        }
        var lines = notes.map { "note: \($0)" }
        lines.append("system\tmetric\tA\tA 95% CI\tB\tB 95% CI\tB−A\t")
        for row in rows {
            lines.append([row.system, row.metric, MarkdownReport.format(row.before), ci(row.beforeInterval),
                          MarkdownReport.format(row.after), ci(row.afterInterval),
                          String(format: "%+.3f", row.difference), row.intervalsSeparate ? "CIs separate" : ""].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }
}
