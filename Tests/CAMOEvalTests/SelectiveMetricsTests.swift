import CAMOEval
import Testing

@Suite struct SelectiveMetricsTests {
    @Test func coverageCountsDefiniteVerdictsAndUncertainNeverCountsAsAnError() throws {
        // 3 reals: real, fake, uncertain; 3 fakes: fake, uncertain, real.
        let metrics = try #require(SelectiveMetrics(
            labels: [false, false, false, true, true, true],
            verdicts: ["real", "fake", "uncertain", "fake", "uncertain", "real"],
            bases: ["calibrated_experts", "calibrated_experts", "none", "evidence", "none", "calibrated_experts"]))
        #expect(metrics.images == 6 && metrics.definite == 4)
        #expect(metrics.coverage == 4.0 / 6)
        #expect(metrics.definiteAccuracy == 0.5)
        #expect(metrics.realsCalledFake == 1.0 / 3)
        #expect(metrics.fakesCalledReal == 1.0 / 3)
        #expect(metrics.bases == ["calibrated_experts": 3, "none": 2, "evidence": 1])
    }

    @Test func allUncertainHasNoCoverageAndNoAccuracy() throws {
        let metrics = try #require(SelectiveMetrics(labels: [true, false], verdicts: ["uncertain", "uncertain"]))
        #expect(metrics.coverage == 0 && metrics.definiteAccuracy == nil)
        #expect(metrics.realsCalledFake == 0 && metrics.fakesCalledReal == 0)
        #expect(SelectiveMetrics(labels: [], verdicts: []) == nil)
    }

    @Test func riskCoverageAddsTheMostConfidentAnswersFirst() throws {
        // Confidence |p − 0.5|: 0.99 (right), 0.02 (right), 0.8 (wrong: a real), 0.5 ×2 (ties, called real: one wrong).
        let curve = try #require(RiskCoverage(labels: [true, false, false, true, false], scores: [0.99, 0.02, 0.8, 0.5, 0.5]))
        #expect(curve.points.map(\.coverage) == [0.2, 0.4, 0.6, 1.0])
        #expect(curve.points.map(\.risk) == [0, 0, 1.0 / 3, 2.0 / 5])
        // The mean over images of the risk at each one's coverage, ties sharing the level's risk.
        #expect(abs(curve.area - (0 + 0 + 1.0 / 3 + 2 * 2.0 / 5) / 5) < 1e-12)
    }
}
