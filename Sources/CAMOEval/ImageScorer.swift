import CAMO
import Foundation

/// Anything that judges encoded image bytes: a `Pipeline`, or a stand-in in tests.
public protocol ImageScorer: Sendable {
    func detect(bytes: Data, id: String) async -> DetectionResult
}

extension Pipeline: ImageScorer {}

/// One detector an evaluation scores: the pipeline itself or one of its experts on its own.
public struct EvaluatedSystem: Sendable {
    public var name: String
    /// Identifies the configuration in the prediction cache: change it and cached predictions no longer apply.
    public var hash: String
    public var scorer: any ImageScorer

    public init(name: String, hash: String, scorer: any ImageScorer) {
        self.name = name
        self.hash = hash
        self.scorer = scorer
    }
}

extension Pipeline {
    /// The pipeline and, for each expert, two baselines: the expert alone on the images the gate routes to it
    /// (its own roles), and the expert forced onto every image.
    public func systemsWithBaselines(hash: String) -> [EvaluatedSystem] {
        var systems = [EvaluatedSystem(name: name, hash: hash, scorer: self)]
        for entry in experts {
            var alone = Pipeline(name: "\(entry.name) alone", gate: gate, experts: [entry], routing: .hard, aggregation: aggregation)
            alone.decoding = decoding
            let forcedEntry = PipelineExpert(entry.expert, roles: [.evidence], weight: entry.weight, trusted: entry.trusted,
                                             decisive: entry.decisive)
            var forced = Pipeline(name: "\(entry.name) forced", gate: gate, experts: [forcedEntry], routing: .hard,
                                  aggregation: aggregation)
            forced.decoding = decoding
            systems.append(EvaluatedSystem(name: alone.name, hash: "\(hash)/alone/\(entry.name)", scorer: alone))
            systems.append(EvaluatedSystem(name: forced.name, hash: "\(hash)/forced/\(entry.name)", scorer: forced))
        }
        return systems
    }
}
