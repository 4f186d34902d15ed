/// One box of an ISO base media file (HEIF, AVIF, MP4, MOV), as C2PA's BMFF hard binding names it: by
/// its path from the top (`/ftyp`, `/meta/iloc`, `/moov/trak/mdia`), with the version and flags of
/// a full box. Boxes are listed the way c2pa-rs lists them, so an exclusion's `xpath` selects the
/// same boxes here as there: the container boxes it descends into are `containers`, the full boxes
/// whose version and flags it reads are `fullBoxes`.
struct BMFFBox: Equatable, Sendable {
    var type: String
    var path: String
    /// The box's bytes in the file, header included.
    var range: Range<Int>
    /// Bytes of size, type and large size before the box's body: 8, or 16 with a large size.
    var headerSize = 8
    /// The extended type of a `uuid` box.
    var userType: [UInt8]?
    var version: UInt8?
    var flags: UInt32?

    /// The C2PA `uuid` box's extended type (ISO/IEC 14496-12 `uuid` box, C2PA §11.3.4).
    static let c2paUUID: [UInt8] = [0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81]
    static let maximumDepth = 32

    static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl", "moof", "traf", "edts", "udta", "dinf",
                                          "tref", "treg", "mvex", "mfra", "meta", "schi"]
    /// ISO/IEC 14496-12:2022's full boxes.
    static let fullBoxes: Set<String> = [
        "pdin", "mvhd", "tkhd", "mdhd", "hdlr", "nmhd", "elng", "stsd", "stdp", "stts", "ctts", "cslg", "stss", "stsh",
        "elst", "dref", "stsz", "stz2", "stsc", "stco", "co64", "padb", "subs", "saiz", "saio", "mehd", "trex", "mfhd",
        "tfhd", "trun", "tfra", "mfro", "tfdt", "leva", "trep", "assp", "sbgp", "sgpd", "csgp", "cprt", "tsel", "kind",
        "meta", "xml ", "bxml", "iloc", "pitm", "ipro", "infe", "iinf", "iref", "ipma", "schm", "fiin", "fpar", "fecr",
        "gitn", "fire", "stri", "stsg", "stvi", "csch", "sidx", "ssix", "prft", "srpp", "vmhd", "smhd", "srat", "chnl",
        "dmix", "txtC", "mime", "uri ", "uriI", "hmhd", "sthd", "vvhd", "medc",
    ]

    /// Every box of `bytes` in file order, parents before their children.
    ///
    /// - Throws: `MetadataParseError` when a box's size runs past its parent or the file, boxes nest
    ///   deeper than `maximumDepth`, or there are more than `maximumCount` of them.
    static func parse(_ bytes: [UInt8], maximumCount: Int) throws(MetadataParseError) -> [BMFFBox] {
        try parse(.memory(bytes), maximumCount: maximumCount)
    }

    /// Every box of `source` in file order, parents before their children, read from the boxes'
    /// headers alone: a box's body is never read, so a file's `mdat` costs nothing here.
    /// `topLevelOnly` lists the top-level boxes without descending into any.
    static func parse(_ source: ByteSource, maximumCount: Int, topLevelOnly: Bool = false) throws(MetadataParseError) -> [BMFFBox] {
        var boxes: [BMFFBox] = []
        try parse(source, in: 0..<source.count, parentPath: "", depth: 1, maximumCount: maximumCount,
                  descend: !topLevelOnly, into: &boxes)
        return boxes
    }

    /// The most header bytes a box needs read: size, type, large size, a `uuid` box's extended type
    /// and a full box's version and flags (or the 8 bytes after a `meta` header that tell ISO's from QuickTime's).
    private static let maximumHeaderSize = 4 + 4 + 8 + 16 + 4

    private static func parse(_ source: ByteSource, in span: Range<Int>, parentPath: String, depth: Int, maximumCount: Int,
                              descend: Bool, into boxes: inout [BMFFBox]) throws(MetadataParseError) {
        guard depth <= maximumDepth else { throw .limitExceeded("BMFF box nesting", limit: maximumDepth) }
        var start = span.lowerBound
        while start < span.upperBound {
            // Offsets in `header` count from the box's start; errors are moved to file offsets.
            let header = try source.read(start..<min(span.upperBound, start + maximumHeaderSize), "BMFF box header")
            var reader = ByteReader(header)
            let declared: UInt32, type: String, large: UInt64?
            do throws(MetadataParseError) {
                declared = try reader.u32("BMFF box size")
                type = String(decoding: try reader.take(4, "BMFF box type"), as: UTF8.self)
                if declared == 1 { large = try reader.u64("BMFF box large size") } else { large = nil }
            } catch { throw error.shifted(by: start) }
            let size: Int
            switch (declared, large) {
            case (0, _): size = span.upperBound - start
            case let (1, large?):
                guard large <= UInt64(span.upperBound - start) else { throw .outOfRange("BMFF '\(type)' box large size \(large)", offset: start) }
                size = Int(large)
            default: size = Int(declared)
            }
            guard size >= reader.offset, size <= span.upperBound - start else {
                throw .outOfRange("BMFF '\(type)' box of \(size) bytes", offset: start)
            }
            var box = BMFFBox(type: type, path: parentPath + "/" + type, range: start..<(start + size))
            box.headerSize = reader.offset
            var body = ByteReader(header, from: reader.offset, to: size)
            do throws(MetadataParseError) {
                if type == "uuid" {
                    box.userType = try body.take(16, "uuid box extended type")
                    if box.userType == c2paUUID { try readVersionAndFlags(&body, into: &box) }
                } else if type == "meta" ? isFullMeta(body, boxSize: size) : fullBoxes.contains(type) {
                    try readVersionAndFlags(&body, into: &box)
                }
            } catch { throw error.shifted(by: start) }
            boxes.append(box)
            guard boxes.count <= maximumCount else { throw .limitExceeded("BMFF box count", limit: maximumCount) }
            if descend, containers.contains(type) {
                try parse(source, in: (start + body.offset)..<box.range.upperBound, parentPath: box.path, depth: depth + 1,
                          maximumCount: maximumCount, descend: true, into: &boxes)
            }
            start = box.range.upperBound
        }
    }

    private static func readVersionAndFlags(_ body: inout ByteReader, into box: inout BMFFBox) throws(MetadataParseError) {
        let word = try body.u32("\(box.type) box version and flags")
        box.version = UInt8(word >> 24)
        box.flags = word & 0xFF_FFFF
    }

    /// ISO's `meta` is a full box; QuickTime's is a plain container whose first child follows the
    /// header. As c2pa-rs tells them apart: when the next 8 bytes read as a child box header, it is QuickTime's.
    private static func isFullMeta(_ body: ByteReader, boxSize: Int) -> Bool {
        guard body.remaining >= 8 else { return true }
        let start = body.offset
        let childSize = body.bytes[start..<(start + 4)].reduce(0) { $0 << 8 | Int($1) }
        let printable = body.bytes[(start + 4)..<(start + 8)].allSatisfy { (0x20...0x7E).contains($0) }
        return !(childSize > 0 && childSize <= boxSize && printable)
    }
}
