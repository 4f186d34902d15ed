import CAMO
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Imported classifiers against PyTorch (`scripts/oracles/hf_image_classifiers.py`): tiny transformers
/// and timm models, each with its own image processor. The tensor CAMO feeds equals the processor's
/// to float rounding (the issue asks for one grey level; a single level off anywhere fails here), and
/// p_fake is PyTorch's logits read through the labels.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)))
struct HFImportedModelTests {
    struct Expected: Decodable {
        struct Model: Decodable {
            struct Case: Decodable {
                var image: String
                var shape: [Int]
                var pixelValues: [Float]
                var logits: [Float]
            }
            var folder: String
            var processor: String
            var labels: [String]
            var license: String
            /// The file, under Tests/Fixtures/hf, holding the model's cases.
            var cases: String
        }

        struct Cases: Decodable {
            var cases: [Model.Case]
        }
        var tolerance: Double
        var models: [String: Model]
    }

    static let expected = try! JSONDecoder().decode(Expected.self, from: Fixtures.data("hf/expected.json"))
    static let names = expected.models.keys.sorted()

    static func cases(_ name: String) throws -> [Expected.Model.Case] {
        let model = try #require(expected.models[name])
        return try JSONDecoder().decode(Expected.Cases.self, from: Fixtures.data("hf/\(model.cases)")).cases
    }

    static func image(_ path: String) throws -> Image {
        try ImageDecoder.decode(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(path)).image
    }

    @Test(arguments: names)
    func theProcessorsTensorAndTheModelsLogitsMatchPyTorch(name: String) async throws {
        let model = try #require(Self.expected.models[name])
        let folder = try HFModelFolder(contentsOf: Fixtures.url("hf/\(name)"))
        #expect(folder.processor.kind == model.processor && folder.labels == model.labels && folder.licence == model.license)
        let labels = try HFLabelMap(labels: folder.labels)
        let expert = try HFImageClassifierExpert(name: name, folder: folder, labelMap: labels)
        var largest = (tensor: Float(0), pFake: 0.0)
        for testCase in try Self.cases(name) {
            let image = try Self.image(testCase.image)
            let values = try folder.processor.pixelValues(of: image)
            #expect(values.count == testCase.pixelValues.count, "\(name) \(testCase.image)")
            // Float rounding, relative for EfficientNet's values, which reach ±30 after dividing by the std twice.
            let worst = zip(values, testCase.pixelValues).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
            #expect(worst < 1e-5, "\(name) \(testCase.image): largest difference \(worst)")
            largest.tensor = max(largest.tensor, worst)
            // The expert's p_fake is the label map's reading of PyTorch's logits.
            let opinion = try await expert.opinion(for: ImageContext(id: testCase.image, bytes: Data(), image: image, gate: StubGate()))
            let reference = labels.pFake(HFLabelMap.probabilities(testCase.logits))
            #expect(abs((opinion.pFake ?? -1) - reference) < 1e-5, "\(name) \(testCase.image): \(String(describing: opinion.pFake)) against \(reference)")
            largest.pFake = max(largest.pFake, abs((opinion.pFake ?? -1) - reference))
        }
        print("\(name) (\(model.processor)): largest tensor difference \(largest.tensor), largest p_fake difference \(largest.pFake)")
    }

    @Test func aGeneratorHeadNamesTheLikeliestGeneratorAndANonCommercialLicenceIsResearchOnly() async throws {
        let folder = try HFModelFolder(contentsOf: Fixtures.url("hf/generators"))
        #expect(folder.researchOnly && folder.licence == "cc-by-nc-4.0")
        let labels = try HFLabelMap(labels: folder.labels)
        #expect(labels.fake.count == 3 && labels.real == [0])
        let expert = try HFImageClassifierExpert(name: "generators", folder: folder, labelMap: labels)
        let testCase = try #require(try Self.cases("generators").first)
        let opinion = try await expert.opinion(for: ImageContext(id: "g", bytes: Data(), image: try Self.image(testCase.image), gate: StubGate()))
        let probabilities = HFLabelMap.probabilities(testCase.logits)
        let likeliest = (1..<4).max { probabilities[$0] < probabilities[$1] }!
        #expect(opinion.evidence["attribution"]?.hasPrefix(labels.labels[likeliest]) == true, "\(opinion.evidence)")
        #expect(try !HFModelFolder(contentsOf: Fixtures.url("hf/vit")).researchOnly)
    }

    @Test func aPipelineNamesTheFolderAndNothingElse() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let pipelineURL = folder.appendingPathComponent("imported.yaml")
        try Data("""
            name: imported
            gate: {face_detector: none, object_detector: none, landmarks: none}
            experts:
              - {name: convnext, kind: hf-image-classifier, serves: [general], options: {folder: \(Fixtures.url("hf/convnext").path)}}
            """.utf8).write(to: pipelineURL)
        let pipeline = try Pipeline.load(contentsOf: pipelineURL, models: ModelRegistry(entries: []))
        let testCase = try #require(try Self.cases("convnext").first)
        let bytes = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(testCase.image))
        let result = await pipeline.detect(bytes: bytes, id: "x")
        let summary = try #require(result.experts.first { $0.name == "convnext" })
        let labels = try HFLabelMap(labels: ["artificial", "human"])
        #expect(abs((summary.pFake ?? -1) - labels.pFake(HFLabelMap.probabilities(testCase.logits))) < 1e-3)
        #expect(pipeline.models.contains { $0.usedBy == "experts.convnext" && $0.model.licence == "apache-2.0" })
    }

    @Test func aFolderWithoutItsProcessorOrWithAnotherModelsInputIsRefused() throws {
        let folder = try Fixtures.temporaryDirectory()
        for file in ["model.onnx", "config.json", "README.md"] {
            try FileManager.default.copyItem(at: Fixtures.url("hf/vit/\(file)"), to: folder.appendingPathComponent(file))
        }
        #expect(throws: HFModelFolder.Problem.self) { try HFModelFolder(contentsOf: folder) }
        // The CLIP processor's 40 px tensor does not fit the ViT model's 48 px input.
        try FileManager.default.copyItem(at: Fixtures.url("hf/clip/preprocessor_config.json"), to: folder.appendingPathComponent("preprocessor_config.json"))
        let mismatched = try HFModelFolder(contentsOf: folder)
        #expect(throws: HFModelFolder.Problem.self) {
            try HFImageClassifierExpert(name: "x", folder: mismatched, labelMap: try HFLabelMap(labels: mismatched.labels))
        }
    }
}
