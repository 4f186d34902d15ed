import CAMO
import CAMOGate
import CAMOTesting
import Foundation
import Testing

/// A pipeline runs its object detector only when something reads objects: a rule, a category expert,
/// patch routing, a learned part, or the caller.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct ObjectDetectionOnDemandTests {
    /// The pipeline in `yaml`, with `replacing.of` replaced by `replacing.with` when given.
    static func pipeline(_ yaml: String = "pipelines/default.yaml", replacing: (of: String, with: String)? = nil) throws -> Pipeline {
        let models = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        var url = Fixtures.repositoryRoot.appendingPathComponent(yaml)
        if let replacing {
            let text = try String(contentsOf: url, encoding: .utf8)
            try #require(text.contains(replacing.of))
            url = try Fixtures.temporaryDirectory().appendingPathComponent("edited.yaml")
            try text.replacingOccurrences(of: replacing.of, with: replacing.with).write(to: url, atomically: true, encoding: .utf8)
        }
        return try Pipeline.load(contentsOf: url, models: models, loadsCalibration: false)
    }

    static func detectsObjects(_ pipeline: Pipeline) throws -> Bool {
        try #require(pipeline.gate as? Gate).options.detectsObjects
    }

    static let street = "real/deepface__tests__unit__dataset__img10.jpg"

    @Test func theDefaultPipelineReadsNoObjectsSoItsGateDetectsNone() async throws {
        let pipeline = try Self.pipeline()
        #expect(try !Self.detectsObjects(pipeline))
        let bytes = try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(Self.street))
        let plain = await pipeline.detect(bytes: bytes, id: "plain")
        #expect(plain.gate?.objects.isEmpty == true && plain.route?.categories.isEmpty == true)
        #expect(plain.gate?.notes.contains("objects not detected: nothing in this pipeline reads them") == true)
        // Asked for, the objects are there, and nothing else about the result changes.
        let asked = await pipeline.detect(bytes: bytes, id: "asked", includingObjects: true)
        #expect(asked.gate?.objects.contains { $0.className == "person" } == true)
        #expect(asked.verdict == plain.verdict && asked.pFake == plain.pFake && asked.experts.map(\.pFake) == plain.experts.map(\.pFake))
        let everywhere = await pipeline.detectingObjects().detect(bytes: bytes, id: "everywhere")
        #expect(everywhere.gate?.objects == asked.gate?.objects)
    }

    @Test(arguments: [
        ("require_person: false", "require_person: true"),
        ("routing: hard", "routing: patches"),
        ("serves: [general]", "serves: [general, \"category:animal\"]"),
    ])
    func aRuleACategoryExpertOrPatchRoutingTurnsObjectDetectionOn(of: String, with: String) throws {
        #expect(try Self.detectsObjects(Self.pipeline(replacing: (of, with))), "\(with)")
    }

    @Test func theLearnedPipelineReadsObjectCountsSoItsGateDetectsThem() throws {
        #expect(try Self.detectsObjects(Self.pipeline("pipelines/learned.yaml")))
    }
}
