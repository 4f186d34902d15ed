/// Bounds that keep metadata parsing fast and memory-bounded on hostile files.
public struct MetadataLimits: Sendable, Equatable {
    /// Longest text kept from one text chunk, comment or XMP packet; longer text is cut and noted. Default 1 MiB.
    public var maxTextBytes: Int = 1 << 20
    /// Most bytes a compressed chunk may inflate to. Default 4 MiB.
    public var maxInflatedBytes: Int = 4 << 20
    /// Most EXIF entries kept over all IFDs. Default 2048.
    public var maxExifEntries: Int = 2048
    /// Most IFDs followed (IFD0, IFD1, Exif, GPS, Interop, …). Default 16.
    public var maxExifIFDs: Int = 16
    /// Most bytes one EXIF value may span. Default 64 KiB.
    public var maxExifValueBytes: Int = 64 << 10
    /// Most bytes of JUMBF (C2PA) data assembled. Default 16 MiB.
    public var maxJUMBFBytes: Int = 16 << 20
    /// Deepest JUMBF box nesting followed. Default 16.
    public var maxJUMBFDepth: Int = 16
    /// Deepest CBOR nesting decoded. Default 32.
    public var maxCBORDepth: Int = 32
    /// Most CBOR data items decoded in one document. Default 100 000.
    public var maxCBORItems: Int = 100_000
    /// Most blocks (segments, chunks) of each kind recorded. Default 256.
    public var maxBlocks: Int = 256

    public init() {}

    public static let `default` = MetadataLimits()
}
