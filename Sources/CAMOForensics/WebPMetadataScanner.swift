/// Walks the RIFF chunks of a WebP file and hands EXIF, XMP and C2PA chunks to the collector.
struct WebPMetadataScanner {
    static func scan(_ bytes: [UInt8], into collector: inout MetadataCollector) {
        var reader = ByteReader(bytes, from: 12)
        var chunks = 0
        while reader.remaining >= 8 {
            do {
                let type = String(decoding: try reader.take(4, "RIFF chunk type"), as: UTF8.self)
                let length = Int(try reader.u32(bigEndian: false, "RIFF chunk size"))
                let body = try reader.sub(length, "WebP '\(type)' chunk")
                if length % 2 == 1, !reader.isAtEnd { try reader.skip(1, "RIFF padding") }
                chunks += 1
                guard chunks <= collector.limits.maxBlocks * 16 else {
                    throw MetadataParseError.limitExceeded("WebP chunk count", limit: collector.limits.maxBlocks * 16)
                }
                switch type {
                case "EXIF": collector.addExif(body.rest)
                case "XMP ": collector.addXMP(body.rest, source: "WebP XMP")
                case "C2PA": collector.addJUMBF(Array(body.rest), source: "WebP C2PA", location: (body.rest.startIndex - 8)..<body.rest.endIndex)
                default: break
                }
            } catch {
                collector.note("WebP: \(error)")
                return
            }
        }
        if !reader.isAtEnd { collector.note("WebP: \(reader.remaining) stray bytes after the last chunk") }
    }
}
