import CAMOLearn
import CAMOTesting
import Foundation
import Testing

/// `Tests/Fixtures/calibration/expected.json`, written by `scripts/oracles/calibration_reference.py`.
struct CalibrationOracle: Decodable {
    struct Isotonic: Decodable {
        let name: String
        let scores: [Double]
        let labels: [Int]
        let queries: [Double]
        let expected: [Double]
        let weights: [Double]?
    }

    struct Platt: Decodable {
        let name: String
        let scores: [Double]
        let labels: [Int]
        let queries: [Double]
        let a: Double
        let b: Double
        let expected: [Double]
    }

    struct Conformal: Decodable {
        let name: String
        let real_scores: [Double]
        let fake_scores: [Double]
        let alpha: Double
        let beta: Double
        let fake_above: Double?
        let real_below: Double?
    }

    struct Coverage: Decodable {
        let seeds: Int
        let n_real: Int
        let alpha: Double
        let bound_low: Double
        let bound_high: Double
        let mean_false_fake_rate: Double
    }

    let isotonic: [Isotonic]
    let platt_increasing: [Platt]
    let conformal: [Conformal]
    let coverage_check: Coverage

    static func load() throws -> CalibrationOracle {
        try JSONDecoder().decode(Self.self, from: Data(contentsOf: Fixtures.url("calibration/expected.json")))
    }
}

@Suite struct MonotoneCalibrationTests {
    @Test(arguments: ["increasing", "decreasing", "ties", "constant", "balanced"])
    func isotonicMatchesScikitLearnIncludingFlatAndWeightedFits(_ name: String) throws {
        let case_ = try #require(try CalibrationOracle.load().isotonic.first { $0.name == name })
        let labels = case_.labels.map { $0 == 1 }
        let calibrator = try ProbabilityCalibrator.fit(scores: case_.scores, labels: labels, method: .isotonic, weights: case_.weights)
        if let weights = case_.weights {
            let balanced = ProbabilityCalibrator.classBalancedWeights(labels)
            #expect(zip(weights, balanced).allSatisfy { abs($0 - $1) < 1e-12 }, "the oracle weights are CAMO's class-balanced ones")
        }
        for (query, expected) in zip(case_.queries, case_.expected) {
            #expect(abs(calibrator.calibrated(query) - expected) <= 1e-9, "\(name) at \(query)")
        }
        // Scores that rank backwards give a flat map, never an inverted one.
        if name == "decreasing" || name == "constant" { #expect(calibrator.isConstant) }
    }

    @Test(arguments: ["increasing", "decreasing", "unbalanced"])
    func plattIsTheConstrainedLogisticFit(_ name: String) throws {
        let case_ = try #require(try CalibrationOracle.load().platt_increasing.first { $0.name == name })
        let calibrator = try ProbabilityCalibrator.fit(scores: case_.scores, labels: case_.labels.map { $0 == 1 }, method: .platt)
        #expect(abs(calibrator.sigmoid[0] - case_.a) <= 1e-4, "\(name): a")
        #expect(abs(calibrator.sigmoid[1] - case_.b) <= 1e-4, "\(name): b")
        for (query, expected) in zip(case_.queries, case_.expected) {
            #expect(abs(calibrator.calibrated(query) - expected) <= 1e-5, "\(name) at \(query)")
        }
        #expect(calibrator.sigmoid[0] <= 0)
        #expect(calibrator.isConstant == (name == "decreasing"))
    }

    @Test func everyFittedMapIsNonDecreasing() throws {
        let oracle = try CalibrationOracle.load()
        for case_ in oracle.isotonic {
            for method in [CalibrationMethod.isotonic, .platt] {
                let map = try ProbabilityCalibrator.fit(scores: case_.scores, labels: case_.labels.map { $0 == 1 }, method: method)
                let values = stride(from: -0.5, through: 1.5, by: 0.01).map(map.calibrated)
                #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(case_.name) \(method)")
            }
        }
    }

    @Test func aFileWithADecreasingMapIsRefused() throws {
        let platt = #"{"method":"platt","sigmoid":[2.5,-1],"knotScores":[],"knotProbabilities":[]}"#
        let isotonic = #"{"method":"isotonic","sigmoid":[],"knotScores":[0,1],"knotProbabilities":[0.9,0.1]}"#
        for text in [platt, isotonic] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProbabilityCalibrator.self, from: Data(text.utf8)) }
        }
        let flat = ProbabilityCalibrator.constant(0.3)
        let decoded = try JSONDecoder().decode(ProbabilityCalibrator.self, from: JSONEncoder().encode(flat))
        #expect(decoded == flat && decoded.calibrated(-7) == 0.3 && decoded.calibrated(7) == 0.3)
    }
}

@Suite struct ConformalThresholdTests {
    @Test(arguments: ["strict", "loose", "tiny", "flat"])
    func thresholdsMatchTheNumpyReference(_ name: String) throws {
        let case_ = try #require(try CalibrationOracle.load().conformal.first { $0.name == name })
        let thresholds = ConformalThresholds(realScores: case_.real_scores, fakeScores: case_.fake_scores,
                                             alpha: case_.alpha, beta: case_.beta)
        #expect(thresholds.fakeAbove == case_.fake_above)
        #expect(thresholds.realBelow == case_.real_below)
    }

    @Test func flatScoresAreNeverCalledAnything() throws {
        let case_ = try #require(try CalibrationOracle.load().conformal.first { $0.name == "flat" })
        let thresholds = ConformalThresholds(realScores: case_.real_scores, fakeScores: case_.fake_scores, alpha: 0.05, beta: 0.05)
        #expect(thresholds.decide(0.5) == nil)
    }

    @Test func overlappingThresholdsLeaveTheOverlapUncertain() {
        let thresholds = ConformalThresholds(alpha: 0.1, beta: 0.1, fakeAbove: 0.4, realBelow: 0.6)
        #expect(thresholds.decide(0.5) == nil)
        #expect(thresholds.decide(0.7) == true)
        #expect(thresholds.decide(0.3) == false)
    }

    /// Over many calibration draws, the share of new reals called fake averages between α − 1/(n+1) and α: the
    /// finite-sample guarantee of split conformal prediction (the reference's own simulation gives the same).
    @Test func theShareOfRealsCalledFakeStaysWithinTheFiniteSampleBound() throws {
        let oracle = try CalibrationOracle.load().coverage_check
        var generator = SeededGenerator(seed: 11)
        func betaTwoFive() -> Double {
            // Beta(2, 5) as the second-smallest of six uniforms: the 2nd order statistic of n = 6 is Beta(2, 5).
            var draws = (0..<6).map { _ in Double.random(in: 0..<1, using: &generator) }
            draws.sort()
            return draws[1]
        }
        var total = 0.0
        let seeds = 600, tests = 1000
        for _ in 0..<seeds {
            let calibration = (0..<oracle.n_real).map { _ in betaTwoFive() }
            let thresholds = ConformalThresholds(realScores: calibration, fakeScores: [], alpha: oracle.alpha, beta: 0.05)
            let fakeAbove = try #require(thresholds.fakeAbove)
            total += Double((0..<tests).count(where: { _ in betaTwoFive() > fakeAbove })) / Double(tests)
        }
        let mean = total / Double(seeds)
        // Monte-Carlo error of the mean over 600 × 1000 draws is about 0.001; allow three times it.
        #expect(mean >= oracle.bound_low - 0.003 && mean <= oracle.bound_high + 0.003, "mean share \(mean)")
        #expect(abs(mean - oracle.mean_false_fake_rate) <= 0.004)
    }
}
