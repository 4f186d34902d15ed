import CAMO
import CAMORuntime
import Foundation

/// Everything `results.json` holds: the configuration, the dataset's identity and every system's report.
public struct EvaluationResults: Sendable, Codable, Equatable {
    public struct Configuration: Sendable, Codable, Equatable {
        public var dataset: String
        public var layout: String
        public var pipeline: String
        public var pipelineHash: String
        public var augmentation: String
        public var seed: UInt64
        public var threshold: Double
        public var bootstrapResamples: Int
        public var shard: String?
        public var camoVersion: String

        public init(dataset: String, layout: String, pipeline: String, pipelineHash: String, augmentation: String, seed: UInt64,
                    threshold: Double, bootstrapResamples: Int, shard: String?, camoVersion: String) {
            self.dataset = dataset
            self.layout = layout
            self.pipeline = pipeline
            self.pipelineHash = pipelineHash
            self.augmentation = augmentation
            self.seed = seed
            self.threshold = threshold
            self.bootstrapResamples = bootstrapResamples
            self.shard = shard
            self.camoVersion = camoVersion
        }
    }

    /// `JSONConvention.schemaVersion` of the file.
    public var schemaVersion: Int? = JSONConvention.schemaVersion
    public var configuration: Configuration
    /// SHA-256 over the sorted (id, label, image sha256) lines: two runs compare only if this matches.
    public var datasetHash: String
    public var images: Int
    public var missing: [Dataset.MissingFile]
    public var systems: [SystemReport]
    public var createdAt: String

    public init(configuration: Configuration, items: [DatasetItem], missing: [Dataset.MissingFile], predictions: [Prediction],
                systems: [String], builder: ReportBuilder) {
        self.configuration = configuration
        self.images = items.count
        self.missing = missing
        datasetHash = Self.datasetHash(items, predictions: predictions)
        let bySystem = Dictionary(grouping: predictions, by: \.system)
        self.systems = systems.map { builder.report(system: $0, items: items, predictions: bySystem[$0] ?? []) }
        createdAt = ISO8601DateFormatter().string(from: Date())
    }

    /// SHA-256 over the sorted (id, label, image sha256) lines.
    static func datasetHash(_ items: [DatasetItem], predictions: [Prediction]) -> String {
        let hashes = Dictionary(predictions.map { ($0.id, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let lines = items.map { "\($0.id)\t\($0.isFake ? "fake" : "real")\t\(hashes[$0.id] ?? "")" }.sorted()
        return SHA256.hexDigest(Array(lines.joined(separator: "\n").utf8))
    }

    public func encoded() throws -> Data {
        try JSONConvention.encoder(pretty: true).encode(self)
    }

    public static func load(_ url: URL) throws(EvaluationError) -> EvaluationResults {
        do {
            let results = try JSONConvention.decoder().decode(EvaluationResults.self, from: Data(contentsOf: url))
            guard results.schemaVersion == JSONConvention.schemaVersion else {
                throw EvaluationError.unreadableReport(
                    path: url.path, reason: "schema_version \(results.schemaVersion ?? 1) is not \(JSONConvention.schemaVersion): re-run camo eval")
            }
            return results
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .unreadableReport(path: url.path, reason: "\(error)")
        }
    }
}
