/// Decodes the payload of each metadata block a container scanner finds (EXIF, XMP, text, IPTC,
/// JUMBF) into `ImageMetadata`, applying the limits and turning every failure into a note.
struct MetadataCollector {
    let limits: MetadataLimits
    var metadata: ImageMetadata
    /// The assembled JUMBF of the store in `metadata.c2pa`, kept for validation against the file.
    var c2paJUMBF: [UInt8]?
    /// The bytes of the file the store occupies (its segments or chunk, headers included).
    var c2paLocation: Range<Int>?
    /// An ISO BMFF file's boxes, listed once for the store and its `c2pa.hash.bmff` binding.
    var bmffBoxes: [BMFFBox]?

    private static let exifPrefix: [UInt8] = Array("Exif\0\0".utf8)

    init(container: ImageMetadata.Container, limits: MetadataLimits) {
        self.limits = limits
        self.metadata = ImageMetadata(container: container)
    }

    mutating func note(_ message: String) {
        guard metadata.notes.count < limits.maxBlocks else { return }
        metadata.notes.append(message)
    }

    /// A TIFF-structured EXIF block; a leading `Exif\0\0` (as some PNG and WebP writers add) is skipped.
    mutating func addExif<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        var tiff = Array(bytes)
        if tiff.starts(with: Self.exifPrefix) { tiff.removeFirst(Self.exifPrefix.count) }
        var notes: [String] = []
        metadata.exif += ExifParser(limits: limits).parse(tiff, notes: &notes)
        notes.forEach { note($0) }
    }

    mutating func addXMP<C: Collection>(_ bytes: C, source: String) where C.Element == UInt8 {
        let (xml, truncated) = TextDecoding.bounded(bytes, limit: limits.maxTextBytes, latin1: false)
        if truncated { note("\(source): XMP packet longer than \(limits.maxTextBytes) bytes was cut") }
        if !XMPProperties.looksWellFormed(xml) { note("\(source): XMP packet is not well-formed (no complete rdf:RDF element)") }
        metadata.xmp.append(XMPPacket(source: source, xml: xml, properties: XMPProperties.extract(xml), truncated: truncated))
    }

    mutating func addText<C: Collection>(keyword: String, _ bytes: C, source: String, latin1: Bool) where C.Element == UInt8 {
        let (text, truncated) = TextDecoding.bounded(bytes, limit: limits.maxTextBytes, latin1: latin1)
        let entry = MetadataText(keyword: keyword, text: text, source: source, truncated: truncated)
        if truncated { note("\(entry.location): text of \(bytes.count) bytes was cut to \(limits.maxTextBytes)") }
        metadata.texts.append(entry)
    }

    mutating func addPhotoshopResources(_ bytes: [UInt8]) {
        var notes: [String] = []
        let result = PhotoshopResourceParser(limits: limits).parse(bytes, notes: &notes)
        notes.forEach { note($0) }
        metadata.iptc += result.iptc
        if let xmp = result.xmp { addXMP(xmp, source: "JPEG APP13 Photoshop XMP") }
    }

    mutating func addJUMBF(_ bytes: [UInt8], source: String, location: Range<Int>?) {
        guard bytes.count <= limits.maxJUMBFBytes else {
            note("\(source): JUMBF data of \(bytes.count) bytes exceeds the limit of \(limits.maxJUMBFBytes)")
            return
        }
        var notes: [String] = []
        do {
            let store = try C2PAParser(limits: limits).parse(bytes, source: source, notes: &notes)
            if metadata.c2pa == nil {
                metadata.c2pa = store
                c2paJUMBF = bytes
                c2paLocation = location
            } else { note("\(source): second C2PA manifest store ignored") }
        } catch {
            note("\(source): \(error)")
        }
        notes.forEach { note($0) }
    }
}
