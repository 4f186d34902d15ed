import CAMO
import CAMOGate
import CAMOTesting
import Foundation
import Testing

/// `Pipeline.load` records every model file the pipeline runs, with the part that runs it.
@Suite struct PipelineModelsTests {
    static let landmarks = URL(fileURLWithPath: ShapePredictor.debianModelPath)
    /// `sha256sum` of Debian libdlib-data's shape_predictor_68_face_landmarks.dat.
    static let landmarksSHA256 = "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.appendingPathComponent("face").path)
                    && FileManager.default.fileExists(atPath: ShapePredictor.debianModelPath)))
    func theDefaultPipelineRecordsItsGateModelsLandmarksAndExpertModels() throws {
        let registry = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        let pipeline = try Pipeline.load(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/default.yaml"),
                                         models: registry, landmarkModel: Self.landmarks)
        let uses = pipeline.models.map { "\($0.usedBy)=\($0.model.name)" }
        #expect(Array(uses.prefix(3)) == ["gate.face_detector=yunet_2023mar", "gate.object_detector=yolox_nano_416", "gate.landmarks=dlib68"])
        #expect(uses.contains("experts.mesonet-df=mesonet_meso4_df") && uses.contains("experts.tiny-ladeda=tiny_ladeda"))
        for use in pipeline.models where use.usedBy != "gate.landmarks" {
            #expect(use.model == (try registry.entry(named: use.model.name)))
        }
        let landmarks = try #require(pipeline.models.first { $0.usedBy == "gate.landmarks" })
        #expect(landmarks.model.sha256 == Self.landmarksSHA256)
        #expect(landmarks.model.bytes == 99_693_937)
        #expect(landmarks.model.researchOnly)
    }

    @Test func aPipelineWithoutModelsRecordsNone() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = folder.appendingPathComponent("evidence.yaml")
        try """
            name: evidence-only
            gate: { face_detector: none, object_detector: none, landmarks: none }
            experts:
              - { name: watermark, kind: watermark, serves: [general] }
            """.write(to: file, atomically: true, encoding: .utf8)
        let pipeline = try Pipeline.load(contentsOf: file, models: ModelRegistry(entries: [], directory: folder))
        #expect(pipeline.models.isEmpty)
    }

    @Test func aModelNamedByPathIsRecordedWithItsMeasuredDigestAndAnUnknownLicence() throws {
        let log = ModelResolutionLog()
        var registry = ModelRegistry(entries: [], directory: try Fixtures.temporaryDirectory())
        registry.resolutionLog = log
        let file = Fixtures.url("runtime/tiny_conv.onnx")
        _ = try registry.resolve(file.path)
        let recorded = log.take()
        #expect(recorded.map(\.sha256) == ["87cadb289e5ab61edc2c32d374ef03a711520ed86c12dc120588da61e37e2336"])  // sha256sum
        #expect(recorded.first?.bytes == 411 && recorded.first?.researchOnly == true && recorded.first?.file == file.path)
        #expect(log.take().isEmpty)
    }
}
