/// Reads a TIFF-structured EXIF block into `ExifEntry` values.
///
/// Offsets, counts and IFD links come from the file, so each IFD is visited at most once
/// (loops), the number of IFDs and entries is capped, and every value must lie inside the block.
struct ExifParser {
    let limits: MetadataLimits

    private static let tagNames: [UInt16: String] = [
        0x0100: "ImageWidth", 0x0101: "ImageLength", 0x010E: "ImageDescription", 0x010F: "Make",
        0x0110: "Model", 0x0112: "Orientation", 0x0131: "Software", 0x0132: "DateTime",
        0x013B: "Artist", 0x8298: "Copyright", 0x8769: "ExifIFDPointer", 0x8825: "GPSInfoIFDPointer",
        0x829A: "ExposureTime", 0x829D: "FNumber", 0x8827: "ISOSpeedRatings", 0x9003: "DateTimeOriginal",
        0x9004: "DateTimeDigitized", 0x920A: "FocalLength", 0x9286: "UserComment", 0x927C: "MakerNote",
        0xA002: "PixelXDimension", 0xA003: "PixelYDimension", 0xA005: "InteroperabilityIFDPointer",
        0xA420: "ImageUniqueID", 0xA431: "BodySerialNumber", 0xA433: "LensMake", 0xA434: "LensModel",
        0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject",
    ]
    private static let subIFDs: [UInt16: String] = [0x8769: "Exif", 0x8825: "GPS", 0xA005: "Interop"]
    /// Bytes per component for TIFF field types 1–12.
    private static let typeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8]

    /// Parses `bytes` (starting at the TIFF header). Problems are appended to `notes`.
    func parse(_ bytes: [UInt8], notes: inout [String]) -> [ExifEntry] {
        var entries: [ExifEntry] = []
        var reader = ByteReader(bytes)
        let bigEndian: Bool
        switch (try? reader.u16()) ?? 0 {
        case 0x4D4D: bigEndian = true
        case 0x4949: bigEndian = false
        default:
            notes.append("EXIF: missing TIFF byte-order mark")
            return []
        }
        guard (try? reader.u16(bigEndian: bigEndian)) == 42, let first = try? reader.u32(bigEndian: bigEndian) else {
            notes.append("EXIF: bad TIFF header")
            return []
        }
        var queue: [(offset: Int, name: String)] = [(Int(first), "IFD0")]
        var visited: Set<Int> = []
        while !queue.isEmpty {
            let (offset, name) = queue.removeFirst()
            guard offset != 0 else { continue }
            guard visited.insert(offset).inserted else {
                notes.append("EXIF: IFD loop at offset \(offset) ignored")
                continue
            }
            guard visited.count <= limits.maxExifIFDs else {
                notes.append("EXIF: more than \(limits.maxExifIFDs) IFDs; rest ignored")
                break
            }
            do {
                let next = try parseIFD(bytes, at: offset, name: name, bigEndian: bigEndian, into: &entries, queue: &queue, notes: &notes)
                if name == "IFD0" || name == "IFD1" {
                    queue.append((next, name == "IFD0" ? "IFD1" : "IFD\(visited.count)"))
                }
            } catch {
                notes.append("EXIF \(name): \(error)")
            }
        }
        return entries
    }

    private func parseIFD(
        _ bytes: [UInt8], at offset: Int, name: String, bigEndian: Bool,
        into entries: inout [ExifEntry], queue: inout [(offset: Int, name: String)], notes: inout [String]
    ) throws(MetadataParseError) -> Int {
        var reader = ByteReader(bytes)
        try reader.seek(to: offset, "IFD offset")
        let count = Int(try reader.u16(bigEndian: bigEndian, "IFD entry count"))
        guard count * 12 <= reader.remaining else {
            throw .outOfRange("IFD with \(count) entries", offset: offset)
        }
        for _ in 0..<count {
            let tag = try reader.u16(bigEndian: bigEndian)
            let type = Int(try reader.u16(bigEndian: bigEndian))
            let components = Int(try reader.u32(bigEndian: bigEndian))
            var valueReader = try reader.sub(4, "IFD value field")
            guard entries.count < limits.maxExifEntries else {
                notes.append("EXIF: more than \(limits.maxExifEntries) entries; rest ignored")
                return 0
            }
            guard type >= 1, type < Self.typeSizes.count else {
                notes.append("EXIF \(name): tag 0x\(hex(tag)) has unknown type \(type)")
                continue
            }
            let (size, overflow) = components.multipliedReportingOverflow(by: Self.typeSizes[type])
            guard !overflow, size <= limits.maxExifValueBytes else {
                notes.append("EXIF \(name): tag 0x\(hex(tag)) claims \(components) components; skipped")
                continue
            }
            let valueStart: Int
            if size <= 4 {
                valueStart = valueReader.offset
            } else {
                valueStart = Int(try valueReader.u32(bigEndian: bigEndian))
            }
            guard valueStart + size <= bytes.count else {
                notes.append("EXIF \(name): tag 0x\(hex(tag)) value at \(valueStart)+\(size) is outside the block")
                continue
            }
            let value = Array(bytes[valueStart..<(valueStart + size)])
            if let child = Self.subIFDs[tag] {
                if let link = Self.numbers(value, type: type, bigEndian: bigEndian).first {
                    queue.append((Int(link), child))
                }
                continue
            }
            let tagName = Self.tagNames[tag] ?? "Tag0x\(hex(tag))"
            entries.append(ExifEntry(ifd: name, tag: tag, name: tagName, value: Self.render(value, tag: tag, type: type, bigEndian: bigEndian)))
        }
        return Int(try reader.u32(bigEndian: bigEndian, "next IFD link"))
    }

    private func hex(_ tag: UInt16) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private static func render(_ value: [UInt8], tag: UInt16, type: Int, bigEndian: Bool) -> String {
        switch type {
        case 2:
            return TextDecoding.latin1OrUTF8(value.prefix { $0 != 0 })
        case 1 where (0x9C9B...0x9C9F).contains(tag):
            return TextDecoding.utf16(value, bigEndian: false)
        case 7 where tag == 0x9286:
            return userComment(value, bigEndian: bigEndian)
        case 1, 6, 7:
            return value.prefix(64).map { String($0) }.joined(separator: " ") + (value.count > 64 ? " …" : "")
        case 5, 10:
            var reader = ByteReader(value)
            var parts: [String] = []
            while parts.count < 32, let n = try? reader.u32(bigEndian: bigEndian), let d = try? reader.u32(bigEndian: bigEndian) {
                parts.append(type == 5 ? "\(n)/\(d)" : "\(Int32(bitPattern: n))/\(Int32(bitPattern: d))")
            }
            return parts.joined(separator: " ")
        default:
            return numbers(value, type: type, bigEndian: bigEndian).prefix(32).map { String($0) }.joined(separator: " ")
        }
    }

    private static func numbers(_ value: [UInt8], type: Int, bigEndian: Bool) -> [Int64] {
        var reader = ByteReader(value)
        var result: [Int64] = []
        while !reader.isAtEnd, result.count < 64 {
            switch type {
            case 3: guard let v = try? reader.u16(bigEndian: bigEndian) else { return result }; result.append(Int64(v))
            case 8: guard let v = try? reader.u16(bigEndian: bigEndian) else { return result }; result.append(Int64(Int16(bitPattern: v)))
            case 4: guard let v = try? reader.u32(bigEndian: bigEndian) else { return result }; result.append(Int64(v))
            case 9: guard let v = try? reader.u32(bigEndian: bigEndian) else { return result }; result.append(Int64(Int32(bitPattern: v)))
            case 1, 7: guard let v = try? reader.u8() else { return result }; result.append(Int64(v))
            case 6: guard let v = try? reader.u8() else { return result }; result.append(Int64(Int8(bitPattern: v)))
            default: return result
            }
        }
        return result
    }

    /// EXIF UserComment: an 8-byte character-code prefix, then the text.
    private static func userComment(_ value: [UInt8], bigEndian: Bool) -> String {
        guard value.count >= 8 else { return "" }
        let code = value.prefix(8)
        let body = Array(value.dropFirst(8))
        if code.starts(with: Array("UNICODE".utf8)) {
            return TextDecoding.utf16(body, bigEndian: bigEndian)
        }
        return TextDecoding.latin1OrUTF8(body.prefix { $0 != 0 })
    }
}
