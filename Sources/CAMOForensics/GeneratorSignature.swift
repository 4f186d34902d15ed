/// One way a generation tool marks its output, as listed in `GeneratorSignature.all`.
public struct GeneratorSignature: Sendable, Equatable {
    public enum Match: Sendable, Equatable {
        /// A PNG text chunk (or JPEG comment) with this exact keyword whose text contains `marker` (when given).
        case textChunk(keyword: String, marker: String?)
        /// A software/creator field (EXIF Software, ImageDescription, UserComment, XMP CreatorTool,
        /// IPTC OriginatingProgram, PNG 'Software'/'Source', C2PA claim generator or software agent)
        /// containing `name`, compared case-insensitively.
        case softwareName(String)
        /// EXIF UserComment containing all of these markers (generation parameters written into JPEG/WebP).
        case exifUserComment(markers: [String])
    }

    /// The tool, e.g. `AUTOMATIC1111 / Forge`.
    public var generator: String
    public var match: Match
    /// How strongly a match implies generation (1.0 for written generation parameters).
    public var pFake: Double
    /// Where the behaviour is documented or can be seen.
    public var source: String
}
