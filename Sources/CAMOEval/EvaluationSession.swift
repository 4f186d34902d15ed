import CAMO
import Foundation

/// One `camo eval` run from start to finish: score, then write `results.json`, `report.md`, `report.html` and
/// `predictions.jsonl` (the raw material `merge` combines across shards) into the output folder.
public struct EvaluationSession: Sendable {
    public var datasetName: String
    public var pipelineName: String
    public var pipelineHash: String
    public var camoVersion: String
    public var runner: EvaluationRunner
    public var builder: ReportBuilder

    public init(datasetName: String, pipelineName: String, pipelineHash: String, camoVersion: String,
                runner: EvaluationRunner, builder: ReportBuilder = ReportBuilder()) {
        self.datasetName = datasetName
        self.pipelineName = pipelineName
        self.pipelineHash = pipelineHash
        self.camoVersion = camoVersion
        self.runner = runner
        self.builder = builder
    }

    public var configuration: EvaluationResults.Configuration {
        .init(
            dataset: datasetName, layout: "", pipeline: pipelineName, pipelineHash: pipelineHash,
            augmentation: runner.options.augmentation.rawValue, seed: runner.options.seed, threshold: builder.options.threshold,
            bootstrapResamples: builder.options.bootstrap.resamples, shard: runner.options.shard?.description, camoVersion: camoVersion)
    }

    /// Scores `dataset` with `systems` and writes the reports to `output`.
    public func run(_ dataset: Dataset, systems: [EvaluatedSystem], output: URL,
                    progress: EvaluationRunner.Progress? = nil) async throws -> EvaluationResults {
        let predictions = await runner.run(dataset.items, systems: systems, progress: progress)
        let scoredIDs = Set(predictions.map(\.id))
        let items = dataset.items.filter { scoredIDs.contains($0.id) }
        var configuration = self.configuration
        configuration.layout = dataset.layout.rawValue
        let results = EvaluationResults(configuration: configuration, items: items, missing: dataset.missing,
                                        predictions: predictions, systems: systems.map(\.name), builder: builder)
        try Self.write(results, predictions: predictions, items: items, to: output)
        return results
    }

    /// Combines the `predictions.jsonl` of shard folders into one report over `dataset`.
    public static func merge(_ dataset: Dataset, shards: [URL], output: URL, builder: ReportBuilder = ReportBuilder()) throws -> EvaluationResults {
        var predictions: [Prediction] = []
        var configuration: EvaluationResults.Configuration?
        let decoder = JSONConvention.decoder()
        for shard in shards {
            let first = try EvaluationResults.load(shard.appendingPathComponent("results.json"))
            if let known = configuration, known.pipelineHash != first.configuration.pipelineHash || known.augmentation != first.configuration.augmentation {
                throw EvaluationError.unreadableReport(path: shard.path, reason: "a shard of another pipeline or augmentation")
            }
            configuration = configuration ?? first.configuration
            let file = shard.appendingPathComponent("predictions.jsonl")
            let data = try Data(contentsOf: file)
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
                do {
                    predictions.append(try decoder.decode(Prediction.self, from: line))
                } catch {
                    throw EvaluationError.malformedRow(file: file.lastPathComponent, line: index + 1, reason: "not a prediction")
                }
            }
        }
        guard var merged = configuration else { throw EvaluationError.emptyDataset(path: "no shards") }
        merged.shard = nil
        let ids = Set(predictions.map(\.id))
        let items = dataset.items.filter { ids.contains($0.id) }
        var systems: [String] = []
        for prediction in predictions where !systems.contains(prediction.system) { systems.append(prediction.system) }
        let results = EvaluationResults(configuration: merged, items: items, missing: dataset.missing, predictions: predictions,
                                        systems: systems, builder: builder)
        try write(results, predictions: predictions, items: items, to: output)
        return results
    }

    static func write(_ results: EvaluationResults, predictions: [Prediction], items: [DatasetItem], to output: URL) throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try results.encoded().write(to: output.appendingPathComponent("results.json"))
        try Data(MarkdownReport.render(results).utf8).write(to: output.appendingPathComponent("report.md"))
        let encoder = JSONConvention.encoder()
        var lines = Data()
        for prediction in predictions {
            lines.append(try encoder.encode(prediction))
            lines.append(UInt8(ascii: "\n"))
        }
        try lines.write(to: output.appendingPathComponent("predictions.jsonl"))
        let urls = Dictionary(items.map { ($0.id, $0.url) }, uniquingKeysWith: { first, _ in first })
        var thumbnails: [String: Data] = [:]
        for system in results.systems {
            for mistake in system.worstFalsePositives + system.worstFalseNegatives where thumbnails[mistake.id] == nil {
                if let url = urls[mistake.id] { thumbnails[mistake.id] = Thumbnail.jpeg(contentsOf: url) }
            }
        }
        try Data(HTMLReport.render(results, thumbnails: thumbnails).utf8).write(to: output.appendingPathComponent("report.html"))
    }
}
