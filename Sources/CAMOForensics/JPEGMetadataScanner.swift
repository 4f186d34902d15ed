/// Walks JPEG marker segments up to the first scan and hands metadata segments to the collector.
struct JPEGMetadataScanner {
    private static let xmpSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
    private static let extendedXMPSignature = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
    private static let exifSignature = Array("Exif\0".utf8)
    private static let photoshopSignature = Array("Photoshop 3.0\0".utf8)
    private static let jumbfSignature = Array("JP".utf8)

    /// A file has one extended packet; a few more are tolerated, each up to `maxTextBytes`.
    private static let maxExtendedPackets = 4

    /// Extended XMP pieces, keyed by the GUID that ties them to the standard packet.
    private struct ExtendedXMP {
        var buffer: [UInt8]
        var received = 0
    }

    /// APP11 JUMBF fragments of one box instance, by sequence number.
    private struct JUMBFFragments {
        var pieces: [(sequence: UInt32, bytes: ArraySlice<UInt8>)] = []
        var total = 0
        /// From the first segment's marker to the end of the last: where the store sits in the file.
        var location: Range<Int>?
    }

    static func scan(_ bytes: [UInt8], into collector: inout MetadataCollector) {
        let limits = collector.limits
        var extended: [String: ExtendedXMP] = [:]
        var jumbf: [UInt16: JUMBFFragments] = [:]
        var position = 2
        var segments = 0
        while true {
            guard position + 4 <= bytes.count else {
                collector.note("JPEG: file ends before the first scan (byte \(position))")
                break
            }
            guard bytes[position] == 0xFF else {
                collector.note("JPEG: expected a marker at byte \(position)")
                break
            }
            var marker = bytes[position + 1]
            position += 2
            while marker == 0xFF, position < bytes.count {
                marker = bytes[position]
                position += 1
            }
            if marker == 0x01 || marker == 0xD8 || (0xD0...0xD7).contains(marker) { continue }
            if marker == 0xD9 { break }
            guard position + 2 <= bytes.count else { continue }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            guard length >= 2, position + length <= bytes.count else {
                collector.note("JPEG: segment 0xFF\(String(marker, radix: 16, uppercase: true)) at byte \(position - 2) has length \(length) beyond the file")
                break
            }
            let payload = bytes[(position + 2)..<(position + length)]
            position += length
            segments += 1
            guard segments <= limits.maxBlocks * 16 else {
                collector.note("JPEG: more than \(limits.maxBlocks * 16) segments; rest ignored")
                break
            }
            switch marker {
            case 0xE1 where payload.starts(with: exifSignature):
                collector.addExif(payload.dropFirst(6))
            case 0xE1 where payload.starts(with: xmpSignature):
                collector.addXMP(payload.dropFirst(xmpSignature.count), source: "JPEG APP1 XMP")
            case 0xE1 where payload.starts(with: extendedXMPSignature):
                addExtendedXMP(payload.dropFirst(extendedXMPSignature.count), to: &extended, collector: &collector)
            case 0xED where payload.starts(with: photoshopSignature):
                collector.addPhotoshopResources(Array(payload.dropFirst(photoshopSignature.count)))
            case 0xEB where payload.starts(with: jumbfSignature):
                addJUMBFFragment(payload, to: &jumbf, collector: &collector)
            case 0xFE:
                collector.addText(keyword: "", payload, source: "JPEG COM", latin1: true)
            default:
                break
            }
            if marker == 0xDA { break }
        }
        for (guid, piece) in extended.sorted(by: { $0.key < $1.key }) {
            if piece.received < piece.buffer.count {
                collector.note("JPEG extended XMP \(guid): only \(piece.received) of \(piece.buffer.count) bytes present")
            }
            collector.addXMP(piece.buffer, source: "JPEG APP1 extended XMP")
        }
        for (instance, fragments) in jumbf.sorted(by: { $0.key < $1.key }) {
            let ordered = fragments.pieces.sorted { $0.sequence < $1.sequence }
            var assembled: [UInt8] = []
            assembled.reserveCapacity(fragments.total)
            for (index, piece) in ordered.enumerated() {
                // Every segment repeats the box header; only the first copy belongs to the box.
                assembled += index == 0 ? piece.bytes : piece.bytes.dropFirst(boxHeaderLength(piece.bytes))
            }
            collector.addJUMBF(assembled, source: "JPEG APP11 JUMBF" + (jumbf.count == 1 ? "" : " box \(instance)"), location: fragments.location)
        }
    }

    private static func addExtendedXMP(_ body: ArraySlice<UInt8>, to table: inout [String: ExtendedXMP], collector: inout MetadataCollector) {
        var reader = ByteReader(Array(body))
        do {
            let guid = TextDecoding.utf8(try reader.take(32, "extended XMP GUID"))
            let fullLength = Int(try reader.u32())
            let offset = Int(try reader.u32())
            guard fullLength <= collector.limits.maxTextBytes else {
                throw MetadataParseError.limitExceeded("extended XMP of \(fullLength) bytes", limit: collector.limits.maxTextBytes)
            }
            let chunk = reader.rest
            guard offset <= fullLength, chunk.count <= fullLength - offset else {
                throw MetadataParseError.outOfRange("extended XMP chunk at offset \(offset)", offset: offset)
            }
            guard table[guid] != nil || table.count < maxExtendedPackets else {
                throw MetadataParseError.limitExceeded("extended XMP packet count", limit: maxExtendedPackets)
            }
            var entry = table[guid] ?? ExtendedXMP(buffer: [UInt8](repeating: 0x20, count: fullLength))
            guard entry.buffer.count == fullLength else {
                throw MetadataParseError.invalid("extended XMP chunks disagree on the full length", offset: offset)
            }
            entry.buffer.replaceSubrange(offset..<(offset + chunk.count), with: chunk)
            entry.received += chunk.count
            table[guid] = entry
        } catch {
            collector.note("JPEG extended XMP: \(error)")
        }
    }

    private static func addJUMBFFragment(_ payload: ArraySlice<UInt8>, to table: inout [UInt16: JUMBFFragments], collector: inout MetadataCollector) {
        var reader = ByteReader(Array(payload))
        do {
            try reader.skip(2, "JPEG XT common identifier")
            let instance = try reader.u16()
            let sequence = try reader.u32()
            let body = reader.rest
            var fragments = table[instance] ?? JUMBFFragments()
            guard fragments.total + body.count <= collector.limits.maxJUMBFBytes else {
                throw MetadataParseError.limitExceeded("JUMBF data", limit: collector.limits.maxJUMBFBytes)
            }
            guard fragments.pieces.count < collector.limits.maxBlocks * 64 else {
                throw MetadataParseError.limitExceeded("JUMBF segment count", limit: collector.limits.maxBlocks * 64)
            }
            fragments.pieces.append((sequence, body))
            fragments.total += body.count
            // The payload is a slice of the file: its indices are file offsets. The marker and length precede it.
            let segment = (payload.startIndex - 4)..<payload.endIndex
            fragments.location = fragments.location.map { min($0.lowerBound, segment.lowerBound)..<max($0.upperBound, segment.upperBound) } ?? segment
            table[instance] = fragments
        } catch {
            collector.note("JPEG APP11: \(error)")
        }
    }

    /// 8 bytes (LBox, TBox), or 16 when LBox is 1 and an XLBox follows.
    private static func boxHeaderLength(_ bytes: ArraySlice<UInt8>) -> Int {
        guard bytes.count >= 4 else { return bytes.count }
        let start = bytes.startIndex
        let isLarge = bytes[start] == 0 && bytes[start + 1] == 0 && bytes[start + 2] == 0 && bytes[start + 3] == 1
        return min(bytes.count, isLarge ? 16 : 8)
    }
}
