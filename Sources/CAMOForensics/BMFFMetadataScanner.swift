/// Finds the C2PA manifest store of a HEIF, AVIF or other ISO base media file: the top-level `uuid`
/// box with C2PA's extended type and the purpose `manifest` (C2PA §11.3.4), whose JUMBF follows the
/// purpose and an 8-byte offset to the first auxiliary (Merkle) box. EXIF and XMP items are read
/// through libheif (`HEIFMetadata`).
struct BMFFMetadataScanner {
    static func scan(_ bytes: [UInt8], into collector: inout MetadataCollector) {
        let boxes: [BMFFBox]
        do { boxes = try BMFFBox.parse(bytes, maximumCount: collector.limits.maxBlocks * 16) } catch {
            collector.note("BMFF: \(error)")
            return
        }
        collector.bmffBoxes = boxes
        for box in boxes where box.path == "/uuid" && box.userType == BMFFBox.c2paUUID {
            var reader = ByteReader(bytes, from: box.range.lowerBound + 8 + 16 + 4, to: box.range.upperBound)
            do {
                let purpose = String(decoding: try reader.nullTerminated(maxLength: 64, "C2PA uuid box purpose"), as: UTF8.self)
                guard purpose == "manifest" || purpose == "original" else { continue }
                try reader.skip(8, "C2PA uuid box auxiliary-box offset")
                collector.addJUMBF(Array(reader.rest), source: "BMFF C2PA uuid box", location: box.range)
            } catch {
                collector.note("BMFF: \(error)")
            }
        }
    }
}
