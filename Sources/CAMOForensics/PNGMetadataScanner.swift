/// Walks PNG chunks (skipping image data by length) and hands metadata chunks to the collector.
struct PNGMetadataScanner {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let xmpKeyword = "XML:com.adobe.xmp"

    static func scan(_ bytes: [UInt8], into collector: inout MetadataCollector) {
        var reader = ByteReader(bytes, from: signature.count)
        var chunks = 0
        while true {
            guard !reader.isAtEnd else {
                collector.note("PNG: no IEND chunk (file truncated?)")
                return
            }
            do {
                let length = Int(try reader.u32("PNG chunk length"))
                let typeBytes = try reader.take(4, "PNG chunk type")
                let type = String(decoding: typeBytes, as: UTF8.self)
                guard length <= Int(Int32.max) else { throw MetadataParseError.invalid("PNG chunk '\(type)' length \(length)", offset: reader.offset) }
                let body = try reader.sub(length, "PNG '\(type)' chunk")
                if reader.remaining >= 4 {
                    try reader.skip(4, "PNG chunk CRC")
                } else if type != "IEND" {
                    throw MetadataParseError.truncated("PNG '\(type)' chunk CRC", offset: reader.offset)
                }
                chunks += 1
                guard chunks <= collector.limits.maxBlocks * 256 else {
                    throw MetadataParseError.limitExceeded("PNG chunk count", limit: collector.limits.maxBlocks * 256)
                }
                switch type {
                case "tEXt": addText(body, into: &collector)
                case "zTXt": addCompressedText(body, into: &collector)
                case "iTXt": addInternationalText(body, into: &collector)
                case "eXIf": collector.addExif(body.rest)
                case "caBX":
                    // Length and type precede the data, the CRC follows: the whole chunk is the store's place.
                    let chunk = (body.rest.startIndex - 8)..<(body.rest.endIndex + 4)
                    collector.addJUMBF(Array(body.rest), source: "PNG caBX", location: chunk)
                case "IEND": return
                default: break
                }
            } catch {
                collector.note("PNG: \(error)")
                return
            }
        }
    }

    private static func keyword(_ reader: inout ByteReader, chunk: String) throws(MetadataParseError) -> String {
        TextDecoding.latin1OrUTF8(try reader.nullTerminated(maxLength: 79, "PNG \(chunk) keyword"))
    }

    private static func addText(_ body: ByteReader, into collector: inout MetadataCollector) {
        var reader = body
        do {
            let key = try keyword(&reader, chunk: "tEXt")
            collector.addText(keyword: key, reader.rest, source: "PNG tEXt", latin1: true)
        } catch {
            collector.note("PNG tEXt: \(error)")
        }
    }

    private static func addCompressedText(_ body: ByteReader, into collector: inout MetadataCollector) {
        var reader = body
        do {
            let key = try keyword(&reader, chunk: "zTXt")
            guard try reader.u8("zTXt compression method") == 0 else {
                throw MetadataParseError.invalid("unknown zTXt compression method", offset: reader.offset - 1)
            }
            let text = try Inflater.zlibDecompress(Array(reader.rest), maxOutput: collector.limits.maxInflatedBytes)
            collector.addText(keyword: key, text, source: "PNG zTXt", latin1: true)
        } catch {
            collector.note("PNG zTXt: \(error)")
        }
    }

    private static func addInternationalText(_ body: ByteReader, into collector: inout MetadataCollector) {
        var reader = body
        do {
            let key = try keyword(&reader, chunk: "iTXt")
            let compressed = try reader.u8("iTXt compression flag") == 1
            _ = try reader.u8("iTXt compression method")
            _ = try reader.nullTerminated(maxLength: 256, "iTXt language tag")
            _ = try reader.nullTerminated(maxLength: reader.remaining, "iTXt translated keyword")
            let text = compressed
                ? try Inflater.zlibDecompress(Array(reader.rest), maxOutput: collector.limits.maxInflatedBytes)
                : Array(reader.rest)
            if key == xmpKeyword {
                collector.addXMP(text, source: "PNG iTXt '\(xmpKeyword)'")
            } else {
                collector.addText(keyword: key, text, source: "PNG iTXt", latin1: false)
            }
        } catch {
            collector.note("PNG iTXt: \(error)")
        }
    }
}
