/// Finds the C2PA manifest store of a HEIF, AVIF, MP4, MOV or other ISO base media file: the
/// top-level `uuid` box with C2PA's extended type and the purpose `manifest` (C2PA §11.3.4), whose
/// JUMBF follows the purpose and an 8-byte offset to the first auxiliary (Merkle) box. A HEIF's EXIF
/// and XMP items are read through libheif (`HEIFMetadata`); a video's XMP from its top-level XMP
/// `uuid` box or QuickTime's `moov/udta/XMP_` box.
///
/// Boxes are listed from their headers (`BMFFBox.parse`) and only the boxes read here are loaded,
/// so a video open on disk (`ByteSource.file`) costs its headers, its C2PA store and its XMP.
struct BMFFMetadataScanner {
    /// The XMP `uuid` box's extended type (Adobe XMP Specification Part 3, §1.1.4).
    static let xmpUUID: [UInt8] = [0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac]

    static func scan(_ bytes: [UInt8], into collector: inout MetadataCollector) {
        scan(.memory(bytes), video: false, into: &collector)
    }

    /// `video`: the file is an MP4 or MOV, whose XMP boxes are read here and whose store is still
    /// looked for among the top-level boxes when the whole box tree cannot be listed (too many
    /// fragments for the limits, a broken box inside `moov`).
    static func scan(_ source: ByteSource, video: Bool, into collector: inout MetadataCollector) {
        let maximumCount = collector.limits.maxBlocks * 16
        var boxes: [BMFFBox]
        do {
            boxes = try BMFFBox.parse(source, maximumCount: maximumCount)
            collector.bmffBoxes = boxes
        } catch {
            collector.note("BMFF: \(error)")
            guard video, let topLevel = try? BMFFBox.parse(source, maximumCount: maximumCount, topLevelOnly: true) else { return }
            boxes = topLevel
        }
        for box in boxes where box.path == "/uuid" && box.userType == BMFFBox.c2paUUID {
            do {
                try readStore(box, from: source, into: &collector)
            } catch {
                collector.note("BMFF: \(error)")
            }
        }
        guard video else { return }
        for box in boxes where (box.path == "/uuid" && box.userType == xmpUUID) || box.path == "/moov/udta/XMP_" {
            let start = box.range.lowerBound + box.headerSize + (box.type == "uuid" ? 16 : 0)
            guard start <= box.range.upperBound else { continue }
            // A little past the limit, so an XMP packet that long is cut and noted as such.
            let end = min(box.range.upperBound, start + collector.limits.maxTextBytes + 4)
            do {
                collector.addXMP(try source.read(start..<end, "BMFF XMP box"), source: box.type == "uuid" ? "BMFF XMP uuid box" : "QuickTime XMP_ box")
            } catch {
                collector.note("BMFF: \(error)")
            }
        }
    }

    /// The C2PA `uuid` box's JUMBF, read only when it fits `maxJUMBFBytes`.
    private static func readStore(_ box: BMFFBox, from source: ByteSource, into collector: inout MetadataCollector) throws(MetadataParseError) {
        // After the header: the extended type, version and flags, the null-terminated purpose and the auxiliary-box offset.
        let start = box.range.lowerBound + box.headerSize + 16 + 4
        let prefix = try source.read(min(start, box.range.upperBound)..<min(box.range.upperBound, start + 64 + 1 + 8), "C2PA uuid box purpose")
        var reader = ByteReader(prefix)
        let purpose: String
        do throws(MetadataParseError) {
            purpose = String(decoding: try reader.nullTerminated(maxLength: 64, "C2PA uuid box purpose"), as: UTF8.self)
            guard purpose == "manifest" || purpose == "original" else { return }
            try reader.skip(8, "C2PA uuid box auxiliary-box offset")
        } catch { throw error.shifted(by: start) }
        let jumbf = (start + reader.offset)..<box.range.upperBound
        guard jumbf.count <= collector.limits.maxJUMBFBytes else {
            collector.note("BMFF C2PA uuid box: JUMBF data of \(jumbf.count) bytes exceeds the limit of \(collector.limits.maxJUMBFBytes)")
            return
        }
        collector.addJUMBF(try source.read(jumbf, "C2PA uuid box JUMBF"), source: "BMFF C2PA uuid box", location: box.range)
    }
}
