/// Everything the metadata reader found in one image or video file's container, without decoding pixels.
public struct ImageMetadata: Codable, Sendable, Equatable {
    public enum Container: String, Codable, Sendable {
        case jpeg, png, webp, heic, avif
        /// ISO base media video (MP4, M4V, M4A, 3GP) and QuickTime (MOV): only their C2PA store and XMP are read.
        case mp4, mov
    }

    public var container: Container
    /// PNG tEXt/zTXt/iTXt chunks and JPEG COM segments, in file order.
    public var texts: [MetadataText] = []
    /// EXIF entries from every IFD that was reachable.
    public var exif: [ExifEntry] = []
    /// XMP packets (standard and reassembled extended XMP).
    public var xmp: [XMPPacket] = []
    /// IPTC-IIM datasets from Photoshop APP13 resources.
    public var iptc: [IPTCEntry] = []
    /// The C2PA manifest store, when the file embeds one.
    public var c2pa: C2PAManifestStore?
    /// What was malformed, cut or skipped. Empty for a clean file.
    public var notes: [String] = []

    public init(container: Container) {
        self.container = container
    }

    public var isEmpty: Bool {
        texts.isEmpty && exif.isEmpty && xmp.isEmpty && iptc.isEmpty && c2pa == nil
    }

    /// The first EXIF entry with this tag name, e.g. `"Software"`.
    public func exifValue(_ name: String) -> String? {
        exif.first { $0.name == name }?.value
    }
}
