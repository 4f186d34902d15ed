import Foundation

/// `report.md`: the tables a person reads first.
public enum MarkdownReport {
    public static func render(_ results: EvaluationResults) -> String {
        let c = results.configuration
        var out = """
        # CAMO evaluation: \(c.dataset)

        Pipeline `\(c.pipeline)` (hash `\(c.pipelineHash.prefix(12))`), augmentation `\(c.augmentation)` (seed \(c.seed)), \
        threshold \(format(c.threshold)) fixed in advance, \(c.bootstrapResamples) bootstrap resamples, version \(c.camoVersion).
        \(results.images) images (dataset hash `\(results.datasetHash.prefix(12))`)\(results.missing.isEmpty ? "" : ", \(results.missing.count) listed files missing").

        ## Systems

        | system | scored | accuracy | precision | recall | F1 | MCC | ROC-AUC | AP | EER | Brier | log loss | subnet score |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|

        """
        for system in results.systems { out += row(system.system, system.overall) }
        out += """

        ## Verdicts (selective prediction)

        Coverage is the share of images called `fake` or `real`; `uncertain` lowers coverage, not accuracy.

        | system | images | coverage | accuracy of definite verdicts | reals called fake | fakes called real | bases | AURC | AUC of raw scores |
        |---|---|---|---|---|---|---|---|---|

        """
        for system in results.systems {
            out += selectiveRow(system.system, system.overall, area: system.riskCoverage?.area).dropLast()
                + " \(system.rawRocAUC.map { format($0) } ?? "–") |\n"
        }
        for system in results.systems {
            out += "\n## \(system.system)\n\n"
            if let m = system.overall.metrics {
                let k = m.confusion
                out += "Confusion at \(format(m.threshold)): TP \(k.truePositives), FP \(k.falsePositives), "
                    + "TN \(k.trueNegatives), FN \(k.falseNegatives). "
                if let t = m.bestF1Threshold, let f = m.bestF1 {
                    out += "Best-F1 threshold on this data \(format(t)) (F1 \(format(f))), a diagnostic, not a setting. "
                }
            }
            if let agreement = system.gateAgreement { out += "Gate content matched the manifest on \(percent(agreement)) of images. " }
            if let ms = system.medianMilliseconds { out += "Median \(format(ms, digits: 1)) ms per image." }
            out += "\n\n| slice | value | images | scored | accuracy | precision | recall | F1 | MCC | ROC-AUC | AP | EER | Brier | log loss | subnet score |\n"
            out += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            for slice in system.slices { out += row("\(slice.key) | \(slice.value) | \(slice.images)", slice) }
            out += "\n| slice | value | images | coverage | accuracy of definite verdicts | reals called fake | fakes called real | bases | AURC |\n"
            out += "|---|---|---|---|---|---|---|---|---|\n"
            for slice in system.slices { out += selectiveRow("\(slice.key) | \(slice.value)", slice, area: nil) }
        }
        if !results.missing.isEmpty {
            out += "\n## Missing files\n\n" + results.missing.map { "- `\($0.path)` (line \($0.line.map(String.init) ?? "?"))" }
                .joined(separator: "\n") + "\n"
        }
        return out
    }

    private static func row(_ label: String, _ slice: SystemReport.Slice) -> String {
        let cells = BinaryMetrics.scalarNames.map { name -> String in
            guard let value = slice.metrics?.value(name) else { return "–" }
            guard let interval = slice.intervals?.intervals[name] else { return format(value) }
            return "\(format(value)) [\(format(interval.low)), \(format(interval.high))]"
        }
        return "| \(label) | \(slice.scored) | " + cells.joined(separator: " | ") + " |\n"
    }

    private static func selectiveRow(_ label: String, _ slice: SystemReport.Slice, area: Double?) -> String {
        guard let s = slice.selective else { return "| \(label) | \(slice.images) | – | – | – | – | – | – |\n" }
        return "| \(label) | " + s.reportCells.joined(separator: " | ") + " | \(area.map { format($0) } ?? "–") |\n"
    }

    static func format(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }
}

extension SelectiveMetrics {
    /// The report's cells, in its column order: images, coverage, accuracy of definite verdicts, reals called fake,
    /// fakes called real, verdicts by basis.
    var reportCells: [String] {
        let share = { (value: Double?) in value.map(MarkdownReport.percent) ?? "–" }
        return ["\(images)", MarkdownReport.percent(coverage), share(definiteAccuracy), share(realsCalledFake), share(fakesCalledReal),
                bases.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
    }
}
