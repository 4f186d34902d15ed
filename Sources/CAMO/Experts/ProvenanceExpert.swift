import CAMOForensics
import Foundation

/// Reads the hard evidence a file may carry about how it was made: generator parameters, IPTC/XMP
/// `DigitalSourceType`, C2PA manifests. Camera metadata, or none, leaves it not applicable: missing
/// evidence of generation is never evidence of a real photo. A C2PA manifest counts only when it
/// validates against the file (`c2paValidator`, whose trust list decides whether its signer is
/// trusted); a capture it declares counts toward real only when its signer is trusted.
public struct ProvenanceExpert: Expert {
    /// `options:` of a `provenance` expert in a pipeline.
    public struct Options: Decodable, Sendable {
        /// A PEM file of C2PA trust anchors, relative to the pipeline file. Without it, `CAMO_C2PA_TRUST_ANCHORS`
        /// names one; without either, a valid manifest is Valid, never Trusted, as c2pa-rs says.
        public var c2paTrustAnchors: String?

        enum CodingKeys: String, CodingKey {
            case c2paTrustAnchors = "c2pa_trust_anchors"
        }
    }

    /// The environment variable naming a PEM file of trust anchors for pipelines that name none.
    public static let trustAnchorsVariable = "CAMO_C2PA_TRUST_ANCHORS"

    /// The trust-anchor file `CAMO_C2PA_TRUST_ANCHORS` names, if it names one.
    public static var trustAnchorsFromEnvironment: String? {
        ProcessInfo.processInfo.environment[trustAnchorsVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    public let name: String
    public var analyzer: ProvenanceAnalyzer
    public var limits: MetadataLimits
    public var c2paValidator: C2PAValidator

    public init(name: String = "provenance", analyzer: ProvenanceAnalyzer = ProvenanceAnalyzer(), limits: MetadataLimits = .default,
                c2paValidator: C2PAValidator? = nil) {
        self.name = name
        self.analyzer = analyzer
        self.limits = limits
        self.c2paValidator = c2paValidator ?? C2PAValidator(limits: limits)
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let metadata = try MetadataReader.read(context.bytes, limits: limits, c2paValidator: c2paValidator)
        let report = analyzer.analyze(metadata)
        var evidence: [String: String] = [:]
        for (index, item) in report.evidence.prefix(5).enumerated() {
            evidence["evidence.\(index)"] = "\(item.location): \(item.detail)"
        }
        for (index, item) in report.context.prefix(5).enumerated() {
            evidence["context.\(index)"] = "\(item.location): \(item.detail)"
        }
        if !report.notes.isEmpty { evidence["notes"] = report.notes.joined(separator: "; ") }
        if let validation = metadata.c2pa?.validation {
            evidence["c2pa.validation"] = ProvenanceAnalyzer.validationSummary(validation)
        }
        guard report.applicable, let pFake = report.pFake, let strongest = report.evidence.first else {
            let reason = metadata.c2pa?.validation?.state == .invalid
                ? "C2PA manifest failed validation (tampered or forged), so it is no evidence; no other evidence of generation"
                : "no evidence of generation in the metadata, and no capture declared by a trusted C2PA signer"
            return .notApplicable(reason, evidence: evidence)
        }
        let generator = strongest.generator.map { " (\($0))" } ?? ""
        return ExpertOpinion(pFake: pFake, reason: "\(strongest.location)\(generator)", evidence: evidence)
    }
}
