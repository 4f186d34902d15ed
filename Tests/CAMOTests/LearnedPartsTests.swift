import CAMO
import CAMOGate
import CAMOLearn
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// The trainable parts of a pipeline: an embedding expert with a trained head, the forensic expert, and the
/// learned aggregation, each built from YAML as a user writes it.
struct LearnedPartsTests {
    static let models = Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml")

    func write(_ yaml: String, beside files: [String: LearnedModel] = [:]) throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        for (name, model) in files { try model.write(to: folder.appendingPathComponent(name)) }
        let url = folder.appendingPathComponent("pipeline.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func backboneYAML(head: String?) -> String {
        """
        name: embedding
        gate: {face_detector: none, object_detector: none, landmarks: none}
        experts:
          - name: probe
            kind: onnx-classifier
            serves: [general]
            options:
              model: mobilenetv2_imagenet
              input_size: [224, 224]
              resize: pillow-bilinear
              mean: [0.485, 0.456, 0.406]
              std: [0.229, 0.224, 0.225]
              output: embedding
              output_kind: embedding
        \(head.map { "      head: \($0)" } ?? "")
        """
    }

    /// A model over `names` fitted on generated rows where the label is "the first feature is above 0.5".
    static func thresholdModel(names: [String], rows: Int = 400) throws -> LearnedModel {
        var random = SeededGenerator(seed: 7)
        let values = (0..<rows).map { _ in names.map { _ in Float(Double(random.next() % 10_000) / 10_000) } }
        let matrix = try FeatureMatrix(names: names, rows: values)
        let trees = try GradientBoostedTrees.fit(matrix, labels: values.map { $0[0] > 0.5 })
        return LearnedModel(featureNames: names, classifier: .boostedTrees(trees), calibrator: nil, provenance: ["data": "generated"])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)
                   && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)))
    func anEmbeddingExpertGivesTheEmbeddingPythonGives() async throws {
        struct Expected: Decodable {
            struct Case: Decodable { var path: String; var embedding: [Float] }
            var cases: [Case]
        }
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Fixtures.url("experts/backbone_embedding.json")))
        let pipeline = try Pipeline.load(
            contentsOf: write(Self.backboneYAML(head: nil)),
            models: ModelRegistry(contentsOf: Self.models, directory: Fixtures.modelsDirectory), allowsUntrainedExperts: true)
        let expert = try #require(pipeline.experts.first?.expert as? ONNXClassifierExpert)
        for reference in expected.cases {
            let bytes = try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(reference.path))
            let image = try ImageDecoder.decode(bytes).image
            let outputs = try await expert.regionOutputs(for: ImageContext(id: reference.path, bytes: bytes, image: image, gate: StubGate()))
            let values = try #require(outputs.first?.values)
            #expect(values.count == 1280)
            let worst = zip(values, reference.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 2e-3, "\(reference.path): largest difference \(worst)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
    func anEmbeddingExpertNeedsItsHeadOutsideTraining() throws {
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.modelsDirectory)
        #expect {
            _ = try Pipeline.load(contentsOf: write(Self.backboneYAML(head: nil)), models: registry)
        } throws: { "\($0)".contains("experts.probe.options.head") }
        #expect {
            _ = try Pipeline.load(contentsOf: write(Self.backboneYAML(head: "missing.json")), models: registry)
        } throws: { "\($0)".contains("missing.json") }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
    func aTrainedHeadTurnsTheEmbeddingIntoAScore() async throws {
        let head = try Self.thresholdModel(names: (0..<1280).map { "embedding.\($0)" }, rows: 60)
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.modelsDirectory)
        let pipeline = try Pipeline.load(contentsOf: write(Self.backboneYAML(head: "head.json"), beside: ["head.json": head]),
                                         models: registry)
        let expert = try #require(pipeline.experts.first?.expert as? ONNXClassifierExpert)
        let context = ImageContext.sample(width: 64, height: 48)
        let embedding = try #require(try await expert.regionOutputs(for: context).first?.values)
        let opinion = try await expert.opinion(for: context)
        #expect(opinion.pFake == head.probability(of: embedding[...]))
    }

    /// Loading refuses a calibrator that decreases, so the shipped trained files loading at all shows that none does.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
    func theShippedLearnedPipelineLoadsWithMonotoneCalibratorsAndItsCalibration() throws {
        let pipeline = try Pipeline.load(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/learned.yaml"),
                                         models: ModelRegistry(contentsOf: Self.models, directory: Fixtures.modelsDirectory))
        let calibration = try #require(pipeline.calibration)
        #expect(calibration.pipeline == "learned" && calibration.aggregation == .learned)
        #expect(calibration.data.transform == "reencode")
        for name in ["forensic.json", "mobilenet-probe.json", "mobilenet-probe-face.json", "aggregator.json"] {
            let model = try LearnedModel(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/learned/\(name)"))
            #expect((model.calibrator?.sigmoid.first ?? 0) <= 0, "\(name)")
        }
    }

    static let learnedYAML = """
        name: learned
        gate: {face_detector: none, object_detector: none, landmarks: none}
        experts:
          - {name: a, kind: stub-a, serves: [general]}
          - {name: b, kind: stub-b, serves: [general]}
          - {name: evidence, kind: stub-evidence, serves: [evidence], decisive: true}
        routing: soft
        aggregation: learned
        aggregator: aggregator.json
        """

    func stubRegistry(a: Double, b: Double, evidence: ExpertOpinion) -> ExpertRegistry {
        var registry = ExpertRegistry.standard
        registry.register("stub-a") { c, _ in StubExpert(c.name, pFake: a) }
        registry.register("stub-b") { c, _ in StubExpert(c.name, pFake: b) }
        registry.register("stub-evidence") { c, _ in StubExpert(c.name, opinion: evidence) }
        return registry
    }

    @Test func theLearnedAggregatorScoresFromEveryExpertsScore() async throws {
        let model = try Self.thresholdModel(names: ["expert.a", "expert.b", "expert.evidence"])
        let url = try write(Self.learnedYAML, beside: ["aggregator.json": model])
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.temporaryDirectory())
        for (a, expectedFake) in [(0.9, true), (0.1, false)] {
            let pipeline = try Pipeline.load(contentsOf: url, models: registry,
                                             experts: stubRegistry(a: a, b: 0.5, evidence: .notApplicable("none")))
            let result = await pipeline.detect(ImageContext.sample(width: 32, height: 32))
            let expected = model.probability(of: [Float(a), 0.5, LearnedAggregator.absentScore][...])
            #expect(result.pFake == expected)
            #expect(result.route?.explanation == "learned aggregation of expert scores")
            #expect((result.verdict == .fake) == expectedFake, "a = \(a): \(String(describing: result.pFake))")
        }
    }

    @Test func hardEvidenceStillDecidesUnderLearnedAggregation() async throws {
        let model = try Self.thresholdModel(names: ["expert.a", "expert.b"])
        let url = try write(Self.learnedYAML, beside: ["aggregator.json": model])
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.temporaryDirectory())
        let pipeline = try Pipeline.load(contentsOf: url, models: registry,
                                         experts: stubRegistry(a: 0.1, b: 0.1, evidence: ExpertOpinion(pFake: 1, reason: "C2PA")))
        let result = await pipeline.detect(ImageContext.sample(width: 32, height: 32))
        #expect(result.pFake == 1 && result.verdict == .fake)
        #expect(result.route?.explanation.contains("hard evidence") == true)
    }

    @Test func anAggregatorTrainedOnAnExpertThePipelineLacksIsRefusedAtLoading() throws {
        let model = try Self.thresholdModel(names: ["expert.a", "expert.nobody"])
        let url = try write(Self.learnedYAML, beside: ["aggregator.json": model])
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.temporaryDirectory())
        #expect {
            _ = try Pipeline.load(contentsOf: url, models: registry, experts: stubRegistry(a: 0.2, b: 0.7, evidence: .notApplicable("none")))
        } throws: { "\($0)".contains("aggregator") && "\($0)".contains("'nobody'") }
    }

    @Test func anAggregatorThatCannotScoreIsReportedAndTheMaximumStandsIn() async throws {
        // Trained on a signal the pipeline does not compute: the image is still judged, by the highest score.
        let model = try Self.thresholdModel(names: ["expert.a", "image.unknown_signal"])
        let url = try write(Self.learnedYAML, beside: ["aggregator.json": model])
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.temporaryDirectory())
        let pipeline = try Pipeline.load(contentsOf: url, models: registry,
                                         experts: stubRegistry(a: 0.2, b: 0.7, evidence: .notApplicable("none")))
        let result = await pipeline.detect(ImageContext.sample(width: 32, height: 32))
        #expect(result.errors.count == 1 && result.errors[0].contains("image.unknown_signal"), "\(result.errors)")
        #expect(result.pFake == 0.7 && result.route?.explanation == "highest expert score")
    }

    @Test func learnedAggregationIsConfiguredWithItsFileAndSoftRouting() throws {
        let withoutFile = Self.learnedYAML.replacingOccurrences(of: "aggregator: aggregator.json", with: "")
        #expect { _ = try PipelineConfiguration(yaml: withoutFile + "\n", file: "p.yaml") } throws: { "\($0)".contains("aggregator") }
        let hard = Self.learnedYAML.replacingOccurrences(of: "routing: soft", with: "routing: hard")
        #expect { _ = try PipelineConfiguration(yaml: hard, file: "p.yaml") } throws: { "\($0)".contains("routing: soft") }
        let registry = try ModelRegistry(contentsOf: Self.models, directory: Fixtures.temporaryDirectory())
        #expect {
            _ = try Pipeline.load(contentsOf: write(Self.learnedYAML), models: registry,
                                  experts: stubRegistry(a: 0, b: 0, evidence: .notApplicable("none")))
        } throws: { "\($0)".contains("aggregator.json") && "\($0)".contains("aggregator") }
    }

    @Test func theForensicExpertReadsTheImageSignalsThroughItsModel() async throws {
        let decision = GateDecision(content: .general, categories: [], faces: [])
        let image = ImageContext.sample(width: 96, height: 80).image
        let signals = try ImageSignals.forensicFeatures(of: image, decision: decision)
            .merging(ImageSignals.gateFeatures(decision, width: 96, height: 80)) { first, _ in first }
        let names = signals.keys.sorted()
        let model = try Self.thresholdModel(names: names)
        let expert = ForensicExpert(name: "forensic", model: model)
        let context = ImageContext(id: "sample", bytes: Data(), image: image, gate: StubGate(decision))
        let opinion = try await expert.opinion(for: context)
        #expect(opinion.pFake == model.probability(of: names.map { signals[$0]! }[...]))
        #expect(signals[ImageSignals.facePresent] == 0)
        await #expect(throws: ForensicExpertError.untrained("forensic")) {
            _ = try await ForensicExpert(name: "forensic", model: nil).opinion(for: context)
        }
    }

    @Test func gateFeaturesDescribeFacesAndCategories() {
        let face = GateFace(box: Box(minX: 0, minY: 0, maxX: 50, maxY: 40), score: 0.8, keypoints: [])
        let small = GateFace(box: Box(minX: 0, minY: 0, maxX: 10, maxY: 10), score: 0.95, keypoints: [])
        let features = ImageSignals.gateFeatures(
            GateDecision(content: .face, categories: ["person"], faces: [small, face]), width: 100, height: 100)
        #expect(features["gate.content_face"] == 1)
        #expect(features["gate.face_count"] == 2)
        #expect(features["gate.largest_face_area"] == 0.2)
        #expect(features["gate.largest_face_score"] == 0.8)
        #expect(features["gate.category.person"] == 1)
    }
}
