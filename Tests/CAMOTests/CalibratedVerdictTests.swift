import CAMO
import CAMOLearn
import CAMOTesting
import Foundation
import Testing

/// What a verdict may claim: evidence decides alone; otherwise only informative experts, through the calibrated
/// thresholds of the error budget; nothing informative means `uncertain`, never a confident `real`.
@Suite struct CalibratedVerdictTests {
    /// The face expert is informative (identity map); the general expert is not (flat). The combined score's
    /// out-of-source values: reals spread over [0, 0.5), fakes over [0.5, 1).
    static func calibration() throws -> PipelineCalibration {
        try .stub(pipeline: "test", informative: ["face-expert"], uninformative: ["general-expert"])
    }

    func pipeline(face: Double, general: Double = 0.99, evidence: ExpertOpinion = .notApplicable("no generator metadata"),
                  calibrated: Bool = true) throws -> Pipeline {
        var pipeline = Pipeline(name: "test", gate: StubGate(), experts: [
            PipelineExpert(StubExpert("face-expert", pFake: face), roles: [.face]),
            PipelineExpert(StubExpert("general-expert", pFake: general), roles: [.general]),
            PipelineExpert(StubExpert("provenance", opinion: evidence), roles: [.evidence], decisive: true),
        ])
        pipeline.calibration = calibrated ? try Self.calibration() : nil
        pipeline.errorBudget = ErrorBudget(alpha: 0.05, beta: 0.05)
        return pipeline
    }

    @Test func aHighInformativeScoreIsFakeWithinTheErrorBudget() async throws {
        let gate = StubGate(faces: 1)
        let result = await try pipeline(face: 0.97).detect(.sample(gate: gate))
        #expect(result.verdict == .fake)
        #expect(result.basis == .calibratedExperts)
        #expect(result.pFake == 0.97 && result.pFakeRaw == 0.97)
        let decision = try #require(result.decision)
        #expect(decision.fakeAbove == ConformalThresholds(realScores: try Self.calibration().combined.realScores!, fakeScores: [],
                                                           alpha: 0.05, beta: 0.05).fakeAbove)
        #expect(result.reason.contains("at most 5 % of real images"), "\(result.reason)")
        #expect(result.reason.contains("calibrated on 200 images, 4 generators"))
    }

    @Test func aLowInformativeScoreIsReal() async throws {
        let result = await try pipeline(face: 0.01).detect(.sample(gate: StubGate(faces: 1)))
        #expect(result.verdict == .real)
        #expect(result.basis == .calibratedExperts)
        #expect(result.reason.contains("at most 5 % of fakes"))
    }

    @Test func aScoreBetweenTheThresholdsIsUncertain() async throws {
        let result = await try pipeline(face: 0.5).detect(.sample(gate: StubGate(faces: 1)))
        #expect(result.verdict == .uncertain)
        #expect(result.basis == .calibratedExperts)
        #expect(result.reason.contains("cannot call"))
    }

    @Test func anUninformativeExpertShowsItsScoreButMovesNothing() async throws {
        // No face: only the general expert judges, and however sure it is, the image is uncertain.
        let result = await try pipeline(face: 0.01, general: 0.999).detect(.sample(gate: StubGate()))
        #expect(result.verdict == .uncertain)
        #expect(result.basis == VerdictBasis.none)
        #expect(result.pFake == 0.5, "the calibration's prior, not the raw 0.999")
        #expect(result.pFakeRaw == 0.999)
        let general = try #require(result.experts.first { $0.name == "general-expert" })
        #expect(general.pFake == 0.999 && general.pFakeCalibrated == 0.5 && general.informative == false)
        #expect(result.reason.hasPrefix("No generator metadata, manifest or watermark"))
        #expect(result.reason.contains("face-expert"))
    }

    @Test func evidenceStillDecidesAlone() async throws {
        let evidence = ExpertOpinion(pFake: 0.99, reason: "PNG text 'parameters' (Stable Diffusion)")
        let result = await try pipeline(face: 0.01, evidence: evidence).detect(.sample(gate: StubGate(faces: 1)))
        #expect(result.verdict == .fake)
        #expect(result.basis == .evidence)
        #expect(result.pFake == 0.99)
        #expect(result.reason == "provenance found PNG text 'parameters' (Stable Diffusion): evidence of generation.")
        #expect(result.decision == nil)
    }

    @Test func anUncalibratedPipelineSaysItHasNoErrorBudget() async throws {
        let result = await try pipeline(face: 0.8, calibrated: false).detect(.sample(gate: StubGate(faces: 1)))
        #expect(result.verdict == .fake)
        #expect(result.basis == .uncalibratedExperts)
        #expect(result.reason.contains("no error budget"))
        #expect(result.decision == nil)
    }

    @Test func aTighterBudgetCallsFewerImages() async throws {
        var strict = try pipeline(face: 0.97)
        strict.errorBudget = ErrorBudget(alpha: 0.001, beta: 0.001)
        let result = await strict.detect(.sample(gate: StubGate(faces: 1)))
        // 100 reals cannot support α = 0.1 %: no threshold exists, so no pixel verdict does.
        #expect(result.decision?.fakeAbove == nil)
        #expect(result.verdict == .uncertain)
        #expect(result.reason.contains("no fake verdict at α 0.1 %"))
    }

    @Test func theResultSpeaksSnakeCase() async throws {
        let result = await try pipeline(face: 0.97).detect(.sample(gate: StubGate(faces: 1)))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONConvention.encoder().encode(result)) as? [String: Any])
        for key in ["basis", "reason", "p_fake", "p_fake_raw", "decision", "timings_ms"] { #expect(object[key] != nil, "\(key)") }
        #expect(object["schema_version"] as? Int == JSONConvention.schemaVersion)
        #expect(object["basis"] as? String == "calibrated_experts")
        let decision = try #require(object["decision"] as? [String: Any])
        #expect(Set(decision.keys) == ["alpha", "beta", "fake_above", "real_below", "calibrated_on", "calibration_data"])
        let experts = try #require(object["experts"] as? [[String: Any]])
        #expect(experts.contains { $0["p_fake_calibrated"] != nil && $0["informative"] as? Bool == true })
    }

    @Test func theBudgetAndTheCalibrationFileAreReadFromYAML() throws {
        let yaml = """
            name: toy
            experts:
              - { name: a, kind: provenance, serves: [evidence] }
            calibration: ../models/calibration/toy.json
            alpha: 0.02
            beta: 0.1
            """
        let configuration = try PipelineConfiguration(yaml: yaml, file: "toy.yaml")
        #expect(configuration.calibration == "../models/calibration/toy.json")
        #expect(configuration.errorBudget == ErrorBudget(alpha: 0.02, beta: 0.1))
        let wrong = yaml.replacingOccurrences(of: "alpha: 0.02", with: "alpha: 1.5")
        let error = try #require(throws: ConfigurationError.self) { try PipelineConfiguration(yaml: wrong, file: "toy.yaml") }
        #expect(error.keyPath == "alpha")
        #expect("\(error)".contains("strictly between 0 and 1"))
    }
}

@Suite struct CalibrationLoadingTests {
    static let yaml = """
        name: test
        gate: {face_detector: none, object_detector: none, landmarks: none}
        experts:
          - {name: face-expert, kind: stub, serves: [face]}
          - {name: general-expert, kind: stub, serves: [general]}
        calibration: calibration.json
        alpha: 0.05
        """

    func load(_ calibration: PipelineCalibration, yaml: String = Self.yaml) throws -> Pipeline {
        let folder = try Fixtures.temporaryDirectory()
        try calibration.write(to: folder.appendingPathComponent("calibration.json"))
        let url = folder.appendingPathComponent("test.yaml")
        try Data(yaml.utf8).write(to: url)
        var registry = ExpertRegistry.standard
        registry.register("stub") { c, _ in StubExpert(c.name, pFake: 0.97) }
        return try Pipeline.load(contentsOf: url, models: ModelRegistry(entries: []), experts: registry)
    }

    @Test func aPipelineLoadsItsCalibrationAndBudget() async throws {
        let pipeline = try load(try CalibratedVerdictTests.calibration())
        #expect(pipeline.errorBudget == ErrorBudget(alpha: 0.05, beta: 0.05))
        let result = await pipeline.detect(.sample(gate: StubGate(faces: 1)))
        #expect(result.basis == .calibratedExperts && result.verdict == .fake)
    }

    @Test func aCalibrationOfAnotherPipelineIsRefusedWithItsKey() throws {
        var other = try CalibratedVerdictTests.calibration()
        other.pipeline = "default"
        let error = try #require(throws: ConfigurationError.self) { try load(other) }
        #expect(error.keyPath == "calibration")
        #expect(error.message.contains("fitted for pipeline 'default'"))

        var unknown = try CalibratedVerdictTests.calibration()
        unknown.experts["ghost"] = unknown.experts["general-expert"]
        let ghost = try #require(throws: ConfigurationError.self) { try load(unknown) }
        #expect(ghost.message.contains("'ghost'"))
    }

    @Test func aMissingOrCorruptCalibrationFileIsNamed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("test.yaml")
        try Data(Self.yaml.utf8).write(to: url)
        var registry = ExpertRegistry.standard
        registry.register("stub") { c, _ in StubExpert(c.name, pFake: 0.5) }
        let missing = try #require(throws: ConfigurationError.self) {
            try Pipeline.load(contentsOf: url, models: ModelRegistry(entries: []), experts: registry)
        }
        #expect(missing.keyPath == "calibration" && missing.message.contains("calibration.json"))
        try Data("{\"format\": \"camo-calibration\", \"schema_version\": 1}".utf8).write(to: folder.appendingPathComponent("calibration.json"))
        let corrupt = try #require(throws: ConfigurationError.self) {
            try Pipeline.load(contentsOf: url, models: ModelRegistry(entries: []), experts: registry)
        }
        #expect(corrupt.message.contains("missing key"), "\(corrupt.message)")
    }
}

@Suite struct CalibrationFileMutationTests {
    /// 400 seeded mutations of the shipped calibration (bytes flipped, dropped, duplicated, the file cut short): each
    /// loads or gives a `CalibrationFileError` naming the file; none crashes.
    @Test func mutatedCalibrationFilesLoadOrFailWithATypedError() throws {
        let original = try [UInt8](Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/calibration/default.json")))
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("mutated.json")
        var generator = SeededGenerator(seed: 19)
        var refused = 0
        for round in 0..<400 {
            var bytes = original
            switch round % 4 {
            case 0: bytes[generator.below(bytes.count)] ^= UInt8(1 << generator.below(8))
            case 1: bytes.remove(at: generator.below(bytes.count))
            case 2: let at = generator.below(bytes.count); bytes.insert(bytes[at], at: at)
            default: bytes = Array(bytes.prefix(generator.below(bytes.count)))
            }
            try Data(bytes).write(to: url)
            do {
                _ = try PipelineCalibration(contentsOf: url)
            } catch {
                refused += 1
                #expect(error.description.contains(url.path))
            }
        }
        #expect(refused > 100, "most mutations must be refused, \(refused) were")
    }
}
