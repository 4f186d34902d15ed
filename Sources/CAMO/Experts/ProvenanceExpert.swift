import CAMOForensics

/// Reads the hard evidence a file may carry about how it was made: generator parameters, IPTC/XMP
/// `DigitalSourceType`, C2PA manifests. Camera metadata, or none, leaves it not applicable: missing
/// evidence of generation is never evidence of a real photo.
public struct ProvenanceExpert: Expert {
    public let name: String
    public var analyzer: ProvenanceAnalyzer
    public var limits: MetadataLimits

    public init(name: String = "provenance", analyzer: ProvenanceAnalyzer = ProvenanceAnalyzer(), limits: MetadataLimits = .default) {
        self.name = name
        self.analyzer = analyzer
        self.limits = limits
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let metadata = try MetadataReader.read(context.bytes, limits: limits)
        let report = analyzer.analyze(metadata)
        var evidence: [String: String] = [:]
        for (index, item) in report.evidence.prefix(5).enumerated() {
            evidence["evidence.\(index)"] = "\(item.location): \(item.detail)"
        }
        for (index, item) in report.context.prefix(5).enumerated() {
            evidence["context.\(index)"] = "\(item.location): \(item.detail)"
        }
        if !report.notes.isEmpty { evidence["notes"] = report.notes.joined(separator: "; ") }
        guard report.applicable, let pFake = report.pFake, let strongest = report.evidence.first else {
            return .notApplicable("no evidence of generation in the metadata", evidence: evidence)
        }
        let generator = strongest.generator.map { " (\($0))" } ?? ""
        return ExpertOpinion(pFake: pFake, reason: "\(strongest.location)\(generator)", evidence: evidence)
    }
}
