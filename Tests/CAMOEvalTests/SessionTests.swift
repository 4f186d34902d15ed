import CAMO
import CAMOEval
import CAMOTesting
import CAMOVision
import Foundation
import Testing

struct SessionTests {
    @Test func shardedRunsMergeIntoTheFullReport() async throws {
        let root = try Fixtures.temporaryDirectory()
        var manifest = "path,label,generator\n"
        for index in 0..<6 {
            try ImageEncoder.png(Image(width: 20, height: 20, fill: (UInt8(index * 40), 0, 0))).write(to: root.appendingPathComponent("\(index).png"))
            manifest += "\(index).png,\(index < 3 ? "real" : "fake"),g\(index % 2)\n"
        }
        try Data(manifest.utf8).write(to: root.appendingPathComponent("manifest.csv"))
        let dataset = try Dataset.load(at: root)
        let pipeline = Pipeline(name: "stub", gate: StubGate(), experts: [PipelineExpert(StubExpert("g", pFake: 0.6), roles: [.general])])
        let systems = pipeline.systemsWithBaselines(hash: "h")
        let builder = ReportBuilder(options: .init(bootstrap: .init(resamples: 100)))
        func session(_ shard: Shard?) throws -> EvaluationSession {
            EvaluationSession(datasetName: "toy", pipelineName: "stub", pipelineHash: "h", camoVersion: "test",
                              runner: EvaluationRunner(options: .init(shard: shard), cache: try PredictionCache(url: nil)), builder: builder)
        }
        let out = try Fixtures.temporaryDirectory()
        let full = try await session(nil).run(dataset, systems: systems, output: out.appendingPathComponent("full"))
        for index in 0..<2 {
            _ = try await session(try Shard(parsing: "\(index)/2")).run(dataset, systems: systems, output: out.appendingPathComponent("s\(index)"))
        }
        let merged = try EvaluationSession.merge(dataset, shards: [out.appendingPathComponent("s0"), out.appendingPathComponent("s1")],
                                                 output: out.appendingPathComponent("merged"), builder: builder)
        #expect(merged.systems.map(\.system) == full.systems.map(\.system))
        #expect(merged.systems.map(\.overall) == full.systems.map(\.overall))
        #expect(merged.datasetHash == full.datasetHash)
        for name in ["results.json", "report.md", "report.html", "predictions.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("merged/\(name)").path))
        }
    }
}
