import CAMO
import Foundation

/// What `camo calibrate` prints: the data, each expert's out-of-source measurement, and the thresholds at the budget.
struct CalibrationSummary {
    var calibration: PipelineCalibration
    var budget: ErrorBudget

    var text: String {
        let data = calibration.data
        var lines = [
            "calibrated \(calibration.pipeline) on \(data.dataset) (\(data.transform)): \(data.reals) real, \(data.fakes) fake"
                + (data.generators.map { ", \($0) generators" } ?? "") + "; grouped by \(data.groupedBy), \(data.groups) groups, \(data.folds) folds",
        ]
        if !data.excluded.isEmpty {
            lines.append("left out: " + data.excluded.sorted(by: { $0.key < $1.key }).map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        for (name, entry) in calibration.experts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(entry.images) images  \(entry.note)")
        }
        lines.append("  \("combined".padding(toLength: 22, withPad: " ", startingAt: 0)) \(calibration.combined.images) images  "
            + calibration.combined.note)
        let thresholds = calibration.thresholds(alpha: budget.alpha, beta: budget.beta)
        let fake = thresholds.fakeAbove.map { String(format: "fake above %.3f", $0) } ?? "no fake verdicts"
        let real = thresholds.realBelow.map { String(format: "real below %.3f", $0) } ?? "no real verdicts"
        lines.append("at α \(budget.alpha), β \(budget.beta): \(fake), \(real) (evidence still decides where it speaks)")
        return lines.joined(separator: "\n")
    }
}
