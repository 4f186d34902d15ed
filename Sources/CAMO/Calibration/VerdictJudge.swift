import CAMOLearn
import Foundation

/// Turns expert opinions into the verdict, its basis and the sentence that explains it. Hard evidence decides alone;
/// otherwise only experts the calibration found informative count, through the conformal thresholds of the error
/// budget; without a calibration, the raw aggregate meets the fixed threshold (and says that it has no error budget).
struct VerdictJudge {
    var aggregation: Aggregation
    var calibration: PipelineCalibration?
    var budget: ErrorBudget
    /// Names of the pipeline's decisive evidence experts, for the sentence ("no generator metadata, …").
    var evidenceExperts: [String]

    struct Judgement {
        var verdict: Verdict
        var basis: VerdictBasis
        var reason: String
        var pFake: Double?
        var pFakeRaw: Double?
        var explanation: String
        var decision: DecisionSummary?
    }

    /// Fills each summary's calibrated score and returns the judgement. `learnedScore` is the learned aggregator's.
    func judge(_ summaries: inout [DetectionResult.ExpertSummary], inputs: [Aggregation.Input], learnedScore: Double?) -> Judgement {
        let raw = aggregation.combine(inputs, learnedScore: learnedScore)
        if let decisive = inputs.filter(\.decisive).max(by: { $0.pFake < $1.pFake }) {
            let what = summaries.first(where: { $0.name == decisive.source })?.reason ?? "hard evidence"
            let verdict = aggregation.verdict(for: decisive.pFake)
            let reading = switch verdict {
            case .fake: "evidence of generation"
            case .real: "evidence of a real capture"
            case .uncertain: "evidence that does not show generation"
            }
            return Judgement(verdict: verdict, basis: .evidence, reason: "\(decisive.source) found \(what): \(reading).",
                             pFake: decisive.pFake, pFakeRaw: decisive.pFake, explanation: raw.explanation, decision: nil)
        }
        guard let calibration else {
            guard let score = raw.pFake else {
                return Judgement(verdict: .uncertain, basis: .none, reason: "\(noEvidence) and no expert could judge this image.",
                                 pFake: nil, pFakeRaw: nil, explanation: raw.explanation, decision: nil)
            }
            return Judgement(
                verdict: raw.verdict, basis: .uncalibratedExperts,
                reason: "\(noEvidence); this pipeline has no calibration, so the experts' raw score "
                    + "\(Self.format(score)) meets a fixed threshold of \(Self.format(aggregation.threshold)) with no error budget.",
                pFake: score, pFakeRaw: score, explanation: raw.explanation, decision: nil)
        }

        var calibratedInputs: [Aggregation.Input] = []
        for index in summaries.indices {
            guard summaries[index].applicable, let score = summaries[index].pFake,
                  let input = inputs.first(where: { $0.source == summaries[index].name }), !input.decisive
            else { continue }
            let entry = calibration.experts[summaries[index].name]
            summaries[index].pFakeCalibrated = entry.map { $0.map.calibrated(score) }
            summaries[index].informative = entry?.informative ?? false
            if let entry, entry.informative {
                var calibrated = input
                calibrated.pFake = entry.map.calibrated(score)
                calibratedInputs.append(calibrated)
            }
        }
        let combined = PipelineCalibration.combinedScore(method: aggregation.method, calibratedInputs: calibratedInputs, learnedScore: learnedScore)
        let thresholds = calibration.thresholds(alpha: budget.alpha, beta: budget.beta)
        let decision = DecisionSummary(
            alpha: budget.alpha, beta: budget.beta, fakeAbove: thresholds.fakeAbove, realBelow: thresholds.realBelow,
            calibratedOn: calibration.data.summary, calibrationData: "\(calibration.data.dataset) (\(calibration.data.transform))")
        let on = "calibrated on \(calibration.data.summary)"
        guard let combined, calibration.combined.informative else {
            let informative = calibration.experts.filter(\.value.informative).keys.sorted()
            let why = informative.isEmpty || !calibration.combined.informative
                ? "the pixel experts are not informative on images like this (\(on))"
                : "no expert that is informative on the calibration data (\(informative.joined(separator: ", "))) could judge it (\(on))"
            return Judgement(verdict: .uncertain, basis: .none, reason: "\(noEvidence); \(why).",
                             pFake: combined.map(calibration.combined.map.calibrated) ?? 0.5,
                             pFakeRaw: raw.pFake, explanation: raw.explanation, decision: decision)
        }
        let p = calibration.combined.map.calibrated(combined)
        let score = "the calibrated experts give \(Self.format(p))"
        let reason: String
        let verdict: Verdict
        switch thresholds.decide(p) {
        case true?:
            verdict = .fake
            reason = "\(noEvidence); \(score), above \(Self.format(thresholds.fakeAbove ?? 1)), which at most "
                + "\(Self.percent(budget.alpha)) of real images exceed (\(on))."
        case false?:
            verdict = .real
            reason = "\(noEvidence); \(score), below \(Self.format(thresholds.realBelow ?? 0)), under which at most "
                + "\(Self.percent(budget.beta)) of fakes fall (\(on))."
        case nil:
            verdict = .uncertain
            let fake = thresholds.fakeAbove.map { "fake above \(Self.format($0))" } ?? "no fake verdict at α \(Self.percent(budget.alpha))"
            let real = thresholds.realBelow.map { "real below \(Self.format($0))" } ?? "no real verdict at β \(Self.percent(budget.beta))"
            reason = "\(noEvidence); \(score), which the error budget cannot call (\(real); \(fake); \(on))."
        }
        return Judgement(verdict: verdict, basis: .calibratedExperts, reason: reason, pFake: p, pFakeRaw: raw.pFake,
                         explanation: "\(raw.explanation), calibrated", decision: decision)
    }

    private var noEvidence: String {
        evidenceExperts.isEmpty ? "This pipeline reads no hard evidence"
            : "No generator metadata, manifest or watermark"
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
    static func percent(_ share: Double) -> String {
        let value = share * 100
        return value == value.rounded() ? String(format: "%.0f %%", value) : String(format: "%.1f %%", value)
    }
}
