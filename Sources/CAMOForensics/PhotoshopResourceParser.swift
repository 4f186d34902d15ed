/// Reads Photoshop image resources (JPEG APP13 `Photoshop 3.0`): the IPTC-IIM block (0x0404)
/// and an embedded XMP packet (0x0424).
struct PhotoshopResourceParser {
    let limits: MetadataLimits

    private static let datasetNames: [UInt16: String] = [
        0x0100 | 90: "CodedCharacterSet",
        0x0200 | 5: "ObjectName", 0x0200 | 25: "Keywords", 0x0200 | 55: "DateCreated",
        0x0200 | 65: "OriginatingProgram", 0x0200 | 70: "ProgramVersion", 0x0200 | 80: "By-line",
        0x0200 | 105: "Headline", 0x0200 | 110: "Credit", 0x0200 | 115: "Source",
        0x0200 | 116: "CopyrightNotice", 0x0200 | 120: "Caption-Abstract", 0x0200 | 122: "Writer-Editor",
    ]

    struct Result {
        var iptc: [IPTCEntry] = []
        var xmp: [UInt8]?
    }

    /// `bytes` starts after the `Photoshop 3.0\0` signature.
    func parse(_ bytes: [UInt8], notes: inout [String]) -> Result {
        var result = Result()
        var reader = ByteReader(bytes)
        var blocks = 0
        while reader.remaining >= 12, blocks < limits.maxBlocks {
            blocks += 1
            do {
                guard reader.hasPrefix(Array("8BIM".utf8)) else {
                    throw MetadataParseError.invalid("missing 8BIM resource signature", offset: reader.offset)
                }
                try reader.skip(4, "resource signature")
                let id = try reader.u16()
                let nameLength = Int(try reader.u8())
                // The Pascal name plus its length byte is padded to an even size.
                try reader.skip(nameLength + (nameLength % 2 == 0 ? 1 : 0), "resource name")
                let size = Int(try reader.u32())
                var body = try reader.sub(size, "resource 0x\(String(id, radix: 16)) data")
                if size % 2 == 1, !reader.isAtEnd { try reader.skip(1, "resource padding") }
                switch id {
                case 0x0404: result.iptc += parseIPTC(&body, notes: &notes)
                case 0x0424: result.xmp = Array(body.rest)
                default: break
                }
            } catch {
                notes.append("Photoshop resources: \(error)")
                break
            }
        }
        return result
    }

    private func parseIPTC(_ reader: inout ByteReader, notes: inout [String]) -> [IPTCEntry] {
        var entries: [IPTCEntry] = []
        while !reader.isAtEnd, entries.count < limits.maxBlocks {
            do {
                guard try reader.u8("IPTC tag marker") == 0x1C else {
                    throw MetadataParseError.invalid("IPTC dataset without 0x1C marker", offset: reader.offset - 1)
                }
                let record = try reader.u8("IPTC record")
                let dataset = try reader.u8("IPTC dataset")
                let length = Int(try reader.u16())
                guard length & 0x8000 == 0 else {
                    throw MetadataParseError.invalid("IPTC extended-length dataset \(record):\(dataset)", offset: reader.offset)
                }
                let value = try reader.take(length, "IPTC dataset \(record):\(dataset)")
                let key = UInt16(record) << 8 | UInt16(dataset)
                let name = Self.datasetNames[key] ?? "\(record):\(dataset)"
                let text = record == 1 && dataset == 90 ? value.map { String($0) }.joined(separator: " ") : TextDecoding.latin1OrUTF8(value)
                entries.append(IPTCEntry(record: record, dataset: dataset, name: name, value: text))
            } catch {
                notes.append("IPTC: \(error)")
                break
            }
        }
        return entries
    }
}
