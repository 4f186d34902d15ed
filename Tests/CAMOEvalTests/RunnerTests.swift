import CAMO
import CAMOEval
import CAMOTesting
import CAMOVision
import Foundation
import Testing

struct RunnerTests {
    /// Four small PNGs (two real, two fake) in a manifest with a content column.
    func makeDataset() throws -> Dataset {
        let root = try Fixtures.temporaryDirectory()
        var manifest = "path,label,content\n"
        for (index, label) in ["real", "real", "fake", "fake"].enumerated() {
            let image = Image(width: 40 + index, height: 30, fill: (UInt8(index * 50), 80, 120))
            try ImageEncoder.png(image).write(to: root.appendingPathComponent("\(index).png"))
            manifest += "\(index).png,\(label),\(index % 2 == 0 ? "face" : "general")\n"
        }
        manifest += "gone.png,fake,face\n"
        try Data(manifest.utf8).write(to: root.appendingPathComponent("manifest.csv"))
        return try Dataset.load(at: root)
    }

    @Test func runsEverySystemAndResumesFromTheCache() async throws {
        let dataset = try makeDataset()
        #expect(dataset.items.count == 4 && dataset.missing.count == 1)
        let face = StubExpert("face-model", pFake: 0.8), general = StubExpert("general-model", pFake: 0.3)
        let gate = StubGate(faces: 1)
        let pipeline = Pipeline(name: "stub", gate: gate,
                                experts: [PipelineExpert(face, roles: [.face]), PipelineExpert(general, roles: [.general])])
        let systems = pipeline.systemsWithBaselines(hash: "h1")
        #expect(systems.map(\.name) == ["stub", "face-model alone", "face-model forced", "general-model alone", "general-model forced"])

        let cacheURL = try Fixtures.temporaryDirectory().appendingPathComponent("cache.jsonl")
        let runner = EvaluationRunner(options: .init(concurrency: 3), cache: try PredictionCache(url: cacheURL))
        let predictions = await runner.run(dataset.items, systems: systems)
        #expect(predictions.count == 20)
        let main = predictions.filter { $0.system == "stub" }
        #expect(main.map(\.pFake) == [0.8, 0.8, 0.8, 0.8])
        #expect(main.allSatisfy { $0.route == ["face-model"] && $0.content == "face" })
        #expect(predictions.first { $0.system == "general-model alone" }?.pFake == 0.3)
        let calls = face.callCount
        #expect(calls == 12) // the pipeline, alone, forced × 4 images
        #expect(gate.runCount == 4) // the baselines share each image's gate decision

        // A fresh runner over the same cache file answers everything from it.
        let again = EvaluationRunner(options: .init(concurrency: 2), cache: try PredictionCache(url: cacheURL))
        let counter = Counter()
        let cached = await again.run(dataset.items, systems: systems) { _, _, hits in counter.set(hits) }
        #expect(face.callCount == calls)
        #expect(counter.value == 4)
        #expect(cached.map(\.pFake) == predictions.map(\.pFake))

        // Another augmentation is another cache key.
        let augmented = EvaluationRunner(options: .init(augmentation: .l0), cache: try PredictionCache(url: cacheURL))
        _ = await augmented.run(dataset.items, systems: [systems[0]])
        #expect(face.callCount == calls + 4)
    }

    @Test func shardsArePartsOfTheWhole() async throws {
        let dataset = try makeDataset()
        let pipeline = Pipeline(name: "stub", gate: StubGate(), experts: [PipelineExpert(StubExpert("g", pFake: 0.6), roles: [.general])])
        let systems = [EvaluatedSystem(name: "stub", hash: "h", scorer: pipeline)]
        var ids: [String] = []
        for index in 0..<3 {
            let runner = EvaluationRunner(options: .init(shard: try Shard(parsing: "\(index)/3")), cache: try PredictionCache(url: nil))
            ids += await runner.run(dataset.items, systems: systems).map(\.id)
        }
        #expect(ids.sorted() == dataset.items.map(\.id).sorted())
        #expect(throws: EvaluationError.invalidShard("3/3")) { try Shard(parsing: "3/3") }
    }

    @Test func reportsSlicesRoutesGateAgreementAndMistakes() async throws {
        let dataset = try makeDataset()
        let pipeline = Pipeline(name: "stub", gate: StubGate(faces: 1), experts: [PipelineExpert(StubExpert("f", pFake: 0.7), roles: [.face])])
        let runner = EvaluationRunner(cache: try PredictionCache(url: nil))
        let predictions = await runner.run(dataset.items, systems: [EvaluatedSystem(name: "stub", hash: "h", scorer: pipeline)])
        let configuration = EvaluationResults.Configuration(
            dataset: "test", layout: "manifest", pipeline: "stub", pipelineHash: "h", augmentation: "none", seed: 0, threshold: 0.5,
            bootstrapResamples: 50, shard: nil, camoVersion: "test")
        let results = EvaluationResults(configuration: configuration, items: dataset.items, missing: dataset.missing,
                                        predictions: predictions, systems: ["stub"],
                                        builder: ReportBuilder(options: .init(bootstrap: .init(resamples: 50))))
        let report = try #require(results.systems.first)
        #expect(report.overall.images == 4)
        #expect(report.overall.metrics?.accuracy == 0.5)
        #expect(report.overall.metrics?.confusion.falsePositives == 2)
        #expect(report.gateAgreement == 0.5) // the stub gate always says face; half the manifest is general
        #expect(report.routes == ["face: f": 4])
        #expect(report.slices.map { "\($0.key)=\($0.value)" } == ["content=face", "content=general", "route=face: f"])
        #expect(report.worstFalsePositives.map(\.id).sorted() == ["0.png", "1.png"])
        #expect(report.worstFalseNegatives.isEmpty)

        let encoded = try results.encoded()
        #expect(try JSONConvention.decoder().decode(EvaluationResults.self, from: encoded) == results)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains("\"roc_auc\"") && text.contains("\"pipeline_hash\"") && text.contains("\"schema_version\" : 2"))
        #expect(!text.contains("rocAUC") && !text.contains("createdAt"))
        let markdown = MarkdownReport.render(results)
        #expect(markdown.contains("| stub | 4 | 0.500"))
        #expect(markdown.contains("`gone.png` (line 6)"))
    }

    @Test func progressLineShowsRateAndETA() {
        let meter = ProgressMeter(total: 100, width: 10)
        #expect(meter.line(done: 50, cached: 5, elapsedSeconds: 25) == "[#####-----] 50/100  2.0 img/s  ETA 0:25  (5 cached)")
    }
}

/// A thread-safe box for a value set from a progress callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0
    func set(_ value: Int) { lock.withLock { stored = value } }
    var value: Int { lock.withLock { stored } }
}
