import CAMOLearn
import Foundation

/// Judges pixels with hand-made forensic features (spectra, residuals, colour, the face against its background)
/// and trees trained by `camo train forensic`. Pipeline kind `forensic`.
public struct ForensicExpert: Expert {
    /// Its features include the gate's object count and categories.
    public var readsGateObjects: Bool { true }

    /// The `options:` of a `forensic` expert.
    public struct Options: Decodable, Sendable {
        /// The trained file, relative to the pipeline file.
        public var model: String
    }

    public let name: String
    /// `nil` only while training (the file does not exist yet).
    public let model: LearnedModel?

    public init(name: String, model: LearnedModel?) {
        self.name = name
        self.model = model
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        guard let model else { throw ForensicExpertError.untrained(name) }
        let signals = try await ImageSignals.all(for: context)
        let pFake = try model.probability(of: signals)
        var evidence = ["features": "\(model.featureNames.count)"]
        if let trainedOn = model.provenance["data"] { evidence["trained_on"] = trainedOn }
        return ExpertOpinion(pFake: pFake, reason: "forensic features through trained trees", evidence: evidence)
    }
}

public enum ForensicExpertError: Error, Equatable, CustomStringConvertible {
    case untrained(String)

    public var description: String {
        switch self {
        case let .untrained(name): return "expert \(name) has no trained model: run `camo train forensic` and name its file in `model:`"
        }
    }
}
