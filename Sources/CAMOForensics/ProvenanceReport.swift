/// What the provenance analyzer concluded from an image's metadata.
///
/// `applicable` is true only when there is hard evidence: of generation, or a capture declared by a
/// Trusted C2PA manifest with nothing generative beside it. Camera metadata, or no metadata at all,
/// leaves the report not applicable: anyone can write EXIF, so it is never evidence that an image is real.
public struct ProvenanceReport: Codable, Sendable, Equatable {
    public var applicable: Bool
    /// Probability that the image is generated or manipulated; nil when not applicable.
    public var pFake: Double?
    /// Evidence of generation, strongest first, or the one trusted capture declaration.
    public var evidence: [ProvenanceEvidence]
    /// Facts recorded for context only (camera make/model/exposure, a C2PA manifest without AI actions).
    public var context: [ProvenanceEvidence]
    /// Malformed or cut metadata, copied from `ImageMetadata.notes`.
    public var notes: [String]

    public init(evidence: [ProvenanceEvidence], context: [ProvenanceEvidence], notes: [String]) {
        let sorted = evidence.sorted { $0.pFake > $1.pFake }
        self.applicable = !sorted.isEmpty
        self.pFake = sorted.first?.pFake
        self.evidence = sorted
        self.context = context
        self.notes = notes
    }
}

/// One fact found in the metadata, with where it was found.
public struct ProvenanceEvidence: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Generation parameters written by a generator (A1111 `parameters`, ComfyUI `prompt`, …).
        case generatorParameters
        /// A generator named in a software/creator field.
        case generatorSoftware
        /// IPTC/XMP DigitalSourceType naming algorithmic media.
        case digitalSourceType
        /// A C2PA action whose digitalSourceType names algorithmic media.
        case c2paGenerativeAction
        /// A capture (camera, scan) declared by a Trusted C2PA manifest: evidence of a real image.
        case c2paTrustedCapture
        /// A C2PA manifest (context when it has no generative action).
        case c2paManifest
        /// Camera make, model, lens or exposure (context only).
        case camera
    }

    public var kind: Kind
    /// Where in the file, e.g. `PNG tEXt 'parameters'`, `EXIF IFD0 Software`.
    public var location: String
    /// What was found, shortened for display.
    public var detail: String
    /// The generator this points to, when known.
    public var generator: String?
    /// How strongly this implies generation (0 for context).
    public var pFake: Double

    public init(kind: Kind, location: String, detail: String, generator: String? = nil, pFake: Double = 0) {
        self.kind = kind
        self.location = location
        self.detail = detail
        self.generator = generator
        self.pFake = pFake
    }
}
