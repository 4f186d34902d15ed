import CAMOLearn
import Testing

@Suite struct ProbabilityCalibratorTests {
    @Test func isotonicMatchesScikitLearnWithinOneMillionth() throws {
        let oracle = try OracleExpectations.load().calibration
        let calibrator = try ProbabilityCalibrator.fit(
            scores: oracle.scores, labels: oracle.labels.map { $0 == 1 }, method: .isotonic)
        for (query, expected) in zip(oracle.queries, oracle.isotonic) {
            #expect(abs(calibrator.calibrated(query) - expected) <= 1e-6, "at \(query)")
        }
    }

    @Test func plattMatchesScikitLearnWithinOneThousandth() throws {
        let oracle = try OracleExpectations.load().calibration
        let calibrator = try ProbabilityCalibrator.fit(
            scores: oracle.scores, labels: oracle.labels.map { $0 == 1 }, method: .platt)
        for (query, expected) in zip(oracle.queries, oracle.platt) {
            #expect(abs(calibrator.calibrated(query) - expected) <= 1e-3, "at \(query)")
        }
    }

    @Test func isotonicIsNonDecreasingAndClippedOutsideTheTrainingRange() throws {
        let calibrator = try ProbabilityCalibrator.fit(
            scores: [0.1, 0.2, 0.3, 0.4], labels: [false, true, false, true], method: .isotonic)
        #expect(calibrator.calibrated(-5) == 0)
        #expect(calibrator.calibrated(0.25) == 0.5)
        #expect(calibrator.calibrated(5) == 1)
        var previous = 0.0
        for step in 0...100 {
            let value = calibrator.calibrated(Double(step) / 200)
            #expect(value >= previous)
            previous = value
        }
    }

    @Test func rejectsEmptyMismatchedAndNonFiniteScores() {
        #expect(throws: LearnError.empty) { try ProbabilityCalibrator.fit(scores: [], labels: [], method: .platt) }
        #expect(throws: LearnError.labelCountMismatch(rows: 2, labels: 1)) {
            try ProbabilityCalibrator.fit(scores: [0, 1], labels: [true], method: .isotonic)
        }
        #expect(throws: LearnError.nonFinite(row: 1, column: "score")) {
            try ProbabilityCalibrator.fit(scores: [0, .nan], labels: [true, false], method: .platt)
        }
    }
}
