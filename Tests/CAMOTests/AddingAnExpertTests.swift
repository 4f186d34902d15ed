import CAMO
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// docs/adding-an-expert.md, step by step.
struct BrightnessExpert: Expert {
    let name: String
    let limit: Double

    func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let pixels = context.image.pixels
        let mean = Double(pixels.reduce(0) { $0 + Int($1) }) / Double(pixels.count)
        guard mean > 0 else { return .notApplicable("the image is black") }
        return ExpertOpinion(pFake: mean > limit ? 0.9 : 0.1, reason: "mean brightness \(Int(mean))")
    }
}

struct BrightnessOptions: Decodable {
    var limit: Double
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct AddingAnExpertTests {
    static let pipelineYAML = """
        name: extended
        gate:
          face_detector: none
          object_detector: none
          landmarks: none
        experts:
          - name: my-face-model
            kind: onnx-classifier
            serves: [general]
            options:
              model: mesonet_meso4_df
              crop: whole-image
              input_size: [256, 256]
              resize: nearest
              scale: 0.00392156862745098
              polarity: real
          - name: brightness
            kind: brightness
            serves: [general]
            options:
              limit: 180
        aggregation: mean
        """

    func registryAndModels() throws -> (ExpertRegistry, ModelRegistry) {
        var experts = ExpertRegistry.standard
        experts.register("brightness") { configuration, context in
            let options = try configuration.options?.decode(BrightnessOptions.self) ?? BrightnessOptions(limit: 200)
            return BrightnessExpert(name: configuration.name, limit: options.limit)
        }
        let models = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        return (experts, models)
    }

    func write(_ yaml: String) throws -> URL {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("pipeline.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func anONNXExpertByYAMLAndASwiftExpertByRegistrationBothJudge() async throws {
        let (experts, models) = try registryAndModels()
        let pipeline = try Pipeline.load(contentsOf: write(Self.pipelineYAML), models: models, experts: experts)
        let bright = Image(width: 64, height: 48, fill: (230, 230, 230))
        let result = await pipeline.detect(bytes: try ImageEncoder.png(bright), id: "bright.png")
        #expect(result.errors.isEmpty)
        #expect(Set(result.experts.map(\.name)) == ["my-face-model", "brightness"])
        let brightness = try #require(result.experts.first { $0.name == "brightness" })
        #expect(brightness.pFake == 0.9 && brightness.reason == "mean brightness 230")
        let onnx = try #require(result.experts.first { $0.name == "my-face-model" })
        #expect(onnx.applicable && (0...1).contains(onnx.pFake ?? -1))
    }

    @Test func aMisspeltOptionIsAnErrorAtItsKeyPath() throws {
        let (experts, models) = try registryAndModels()
        let yaml = Self.pipelineYAML.replacingOccurrences(of: "limit: 180", with: "limt: 180")
        #expect {
            _ = try Pipeline.load(contentsOf: write(yaml), models: models, experts: experts)
        } throws: { error in
            let error = error as! ConfigurationError
            return error.keyPath == "experts[1].options.limt" && error.message.contains("did you mean 'limit'")
        }
    }

    @Test func anUnknownKindListsTheRegisteredOnes() throws {
        let (_, models) = try registryAndModels()
        #expect {
            _ = try Pipeline.load(contentsOf: write(Self.pipelineYAML), models: models, experts: .standard)
        } throws: { error in
            "\(error)".contains("experts[1].kind") && "\(error)".contains("onnx-classifier")
        }
    }

    @Test func anInputSizeTheModelCannotTakeIsRefused() throws {
        let (experts, models) = try registryAndModels()
        let yaml = Self.pipelineYAML.replacingOccurrences(of: "input_size: [256, 256]", with: "input_size: [224, 224]")
        #expect {
            _ = try Pipeline.load(contentsOf: write(yaml), models: models, experts: experts)
        } throws: { error in
            "\(error)".contains("does not fit the configured input_size")
        }
    }

    @Test func aDuplicateExpertNameIsRefused() throws {
        let (experts, models) = try registryAndModels()
        let yaml = Self.pipelineYAML.replacingOccurrences(of: "name: brightness", with: "name: my-face-model")
        #expect {
            _ = try Pipeline.load(contentsOf: write(yaml), models: models, experts: experts)
        } throws: { error in
            "\(error)".contains("experts[1].name") && "\(error)".contains("used twice")
        }
    }

    @Test func aMissingModelSaysWhereToGetIt() throws {
        let (experts, _) = try registryAndModels()
        let models = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"),
            directory: try Fixtures.temporaryDirectory())
        #expect {
            _ = try Pipeline.load(contentsOf: write(Self.pipelineYAML), models: models, experts: experts)
        } throws: { error in
            "\(error)".contains("mesonet_meso4_df") && "\(error)".contains("is missing")
        }
    }

    @Test func theShippedPipelinesParse() throws {
        let shipped = try PipelineConfiguration(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/default.yaml"))
        #expect(shipped.routing == .hard && shipped.aggregation == .max)
        #expect(shipped.experts.map(\.name) == ["mesonet-df", "mesonet-f2f", "tiny-ladeda", "provenance", "watermark"])
        let learned = try PipelineConfiguration(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/learned.yaml"))
        #expect(learned.routing == .soft && learned.aggregation == .learned)
        #expect(learned.experts.map(\.name) == ["mesonet-df", "mesonet-f2f", "tiny-ladeda", "mobilenet-probe", "mobilenet-probe-face",
                                                "forensic", "provenance", "watermark"])
    }
}
