/// A keyword/text pair: a PNG text chunk or a JPEG comment.
public struct MetadataText: Codable, Sendable, Equatable {
    public var keyword: String
    public var text: String
    /// Where it came from, e.g. `PNG tEXt`, `PNG iTXt`, `JPEG COM`.
    public var source: String
    /// True when the text was longer than `MetadataLimits.maxTextBytes` and was cut.
    public var truncated: Bool

    public init(keyword: String, text: String, source: String, truncated: Bool = false) {
        self.keyword = keyword
        self.text = text
        self.source = source
        self.truncated = truncated
    }

    /// How a report names this entry, e.g. `PNG tEXt 'parameters'`.
    public var location: String { keyword.isEmpty ? source : "\(source) '\(keyword)'" }
}

/// One EXIF (TIFF) directory entry, rendered as text.
public struct ExifEntry: Codable, Sendable, Equatable {
    /// `IFD0`, `IFD1`, `Exif`, `GPS` or `Interop`.
    public var ifd: String
    public var tag: UInt16
    /// The tag's standard name, or `Tag0xNNNN` for tags this reader does not name.
    public var name: String
    public var value: String

    public init(ifd: String, tag: UInt16, name: String, value: String) {
        self.ifd = ifd
        self.tag = tag
        self.name = name
        self.value = value
    }
}

/// One IPTC-IIM dataset (record:dataset), e.g. 2:80 By-line.
public struct IPTCEntry: Codable, Sendable, Equatable {
    public var record: UInt8
    public var dataset: UInt8
    public var name: String
    public var value: String

    public init(record: UInt8, dataset: UInt8, name: String, value: String) {
        self.record = record
        self.dataset = dataset
        self.name = name
        self.value = value
    }
}

/// One XMP packet and the properties this reader extracts from it.
public struct XMPPacket: Codable, Sendable, Equatable {
    /// Where it came from, e.g. `JPEG APP1 XMP`, `PNG iTXt 'XML:com.adobe.xmp'`.
    public var source: String
    public var xml: String
    /// Selected simple properties by qualified name, e.g. `xmp:CreatorTool`.
    public var properties: [String: String]
    public var truncated: Bool

    public init(source: String, xml: String, properties: [String: String], truncated: Bool = false) {
        self.source = source
        self.xml = xml
        self.properties = properties
        self.truncated = truncated
    }
}
