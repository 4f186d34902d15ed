/// A JUMBF box (ISO/IEC 19566-5): either a superbox (`jumb`) with a description and children,
/// or a content box (`cbor`, `json`, `uuid`, …) with a payload.
struct JUMBFBox: Sendable {
    var type: String
    /// The description box label of a superbox, e.g. `c2pa`, `c2pa.claim`.
    var label: String?
    var children: [JUMBFBox] = []
    var payload: ArraySlice<UInt8> = []
    /// Everything after the box header: for a superbox, its description and child boxes. A C2PA
    /// hashed URI is the hash of these bytes (C2PA §8.3), so they are kept exactly as read.
    var contents: ArraySlice<UInt8> = []

    /// Parses every box in `reader`. Nesting deeper than `limits.maxJUMBFDepth` is an error.
    static func parseBoxes(_ reader: inout ByteReader, depth: Int, limits: MetadataLimits) throws(MetadataParseError) -> [JUMBFBox] {
        guard depth <= limits.maxJUMBFDepth else { throw .limitExceeded("JUMBF nesting", limit: limits.maxJUMBFDepth) }
        var boxes: [JUMBFBox] = []
        while reader.remaining >= 8 {
            let start = reader.offset
            let size32 = Int(try reader.u32("JUMBF box size"))
            let type = String(decoding: try reader.take(4, "JUMBF box type"), as: UTF8.self)
            var size = size32
            if size32 == 1 {
                let large = try reader.u64("JUMBF large box size")
                guard large <= UInt64(Int.max) else { throw .invalid("JUMBF box size \(large)", offset: start) }
                size = Int(large)
            } else if size32 == 0 {
                size = reader.end - start
            }
            let header = reader.offset - start
            guard size >= header else { throw .invalid("JUMBF '\(type)' box size \(size)", offset: start) }
            var body = try reader.sub(size - header, "JUMBF '\(type)' box")
            var box = JUMBFBox(type: type, contents: body.rest)
            if type == "jumb" {
                var children = try parseBoxes(&body, depth: depth + 1, limits: limits)
                if let description = children.first, description.type == "jumd" {
                    box.label = Self.label(fromDescription: description.payload)
                    children.removeFirst()
                }
                box.children = children
            } else {
                box.payload = body.rest
            }
            boxes.append(box)
        }
        return boxes
    }

    /// The label of a `jumd` box: 16-byte type UUID, toggles, then a NUL-terminated label when toggle bit 1 is set.
    private static func label(fromDescription payload: ArraySlice<UInt8>) -> String? {
        var reader = ByteReader(Array(payload))
        guard (try? reader.skip(16, "JUMBF type")) != nil, let toggles = try? reader.u8(), toggles & 0x02 != 0,
              let label = try? reader.nullTerminated(maxLength: 1024, "JUMBF label")
        else { return nil }
        return TextDecoding.utf8(label)
    }

    func child(labelled prefix: String) -> JUMBFBox? {
        children.first { $0.label?.hasPrefix(prefix) == true }
    }

    /// The payload of the first content box of the given type, e.g. `cbor`.
    func content(_ type: String) -> ArraySlice<UInt8>? {
        children.first { $0.type == type }?.payload
    }
}
