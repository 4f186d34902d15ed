import CAMO
import CAMOEval
import CAMOTesting
import Foundation
import Testing

/// `camo train` end to end on a few dev images with the shipped learned pipeline: rows from the real gate, experts,
/// backbone and forensic features; the study; files the same pipeline then loads and judges with.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)
                && FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct TrainingSessionTests {
    static let images = [
        ("real/deepface__tests__unit__dataset__img10.jpg", false, "serengil/deepface"),
        ("real/deepface__tests__unit__dataset__img11.jpg", false, "serengil/deepface"),
        ("real/exif-samples__jpg__Canon_40D.jpg", false, "ianare/exif-samples"),
        ("real/exif-samples__jpg__Canon_DIGITAL_IXUS_400.jpg", false, "ianare/exif-samples"),
        ("real/c2pa-rs__sdk__tests__fixtures__earth_apollo17.jpg", false, "contentauth/c2pa-rs"),
        ("fake/DeepFaceLive__doc__celebs__Amber_Song__Amber_Song.png", true, "iperov/DeepFaceLive"),
        ("fake/DeepFaceLive__doc__celebs__Albica_Johns__Albica_Johns.png", true, "iperov/DeepFaceLive"),
        ("fake/stable-diffusion__docs__assets__concepts__image1.png", true, "lstein/stable-diffusion"),
        ("fake/Kolors__controlnet__outputs__Canny_dog.jpg", true, "Kwai-Kolors/Kolors"),
        ("fake/Kolors__controlnet__outputs__Canny_woman_1.jpg", true, "Kwai-Kolors/Kolors"),
        ("missing/not-there.jpg", true, "nowhere"),
    ]

    @Test func trainingWritesFilesTheLearnedPipelineLoadsAndJudgesWith() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let dataset = Dataset(
            root: Fixtures.devDataDirectory, layout: .manifest,
            items: Self.images.map { path, fake, source in
                DatasetItem(id: path, url: Fixtures.devDataDirectory.appendingPathComponent(path), isFake: fake,
                            attributes: ["source": source, "content": "any", "generator": fake ? "some" : "camera"])
            },
            missing: [])
        let models = try ModelRegistry(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"),
                                       directory: Fixtures.modelsDirectory)
        // The shipped learned pipeline, pointed at this test's folder for its trained files (its calibration belongs
        // to the shipped files, so it is not loaded).
        let yaml = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/learned.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "../models/learned/", with: "")
        let pipelineURL = folder.appendingPathComponent("learned.yaml")
        try yaml.write(to: pipelineURL, atomically: true, encoding: .utf8)
        let untrained = try Pipeline.load(contentsOf: pipelineURL, models: models, allowsUntrainedExperts: true, loadsCalibration: false)

        let cacheURL = folder.appendingPathComponent("rows.jsonl")
        let session = TrainingSession(pipeline: untrained, pipelineKey: "test", options: .init(
            folds: 3, copies: 1, evaluationLevels: [.none, .reencode], concurrency: 2, cacheURL: cacheURL))
        let outcome = try await session.run(dataset)
        #expect(outcome.failures.keys.sorted() == ["missing/not-there.jpg"])
        #expect(outcome.rowCount == 10 * 3)
        #expect(outcome.recipe.names.forensic == "forensic")
        #expect(outcome.recipe.names.embeddings == ["mobilenet-probe", "mobilenet-probe-face"])
        #expect(outcome.recipe.names.face == ["mesonet-df", "mesonet-f2f"] && outcome.recipe.names.general == ["tiny-ladeda"])
        let written = try outcome.write(to: folder, command: "camo train all (test)")
        #expect(Set(written.map(\.lastPathComponent)).isSuperset(of: [
            "forensic.json", "mobilenet-probe.json", "mobilenet-probe-face.json", "aggregator.json", "study.json", "study.md"]))

        // The cache answers a second run without computing a row.
        let again = try await session.run(dataset)
        #expect(again.dataSHA256 == outcome.dataSHA256)

        let trained = try Pipeline.load(contentsOf: pipelineURL, models: models, loadsCalibration: false)
        let path = Self.images[5].0
        let result = await trained.detect(bytes: try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path)), id: path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.route?.explanation == "learned aggregation of expert scores")
        let names = Set(result.experts.filter(\.applicable).map(\.name))
        #expect(names.isSuperset(of: ["mesonet-df", "tiny-ladeda", "mobilenet-probe", "mobilenet-probe-face", "forensic"]), "\(names)")
    }
}
