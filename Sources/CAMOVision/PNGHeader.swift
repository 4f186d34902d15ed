/// A PNG's chunk layout, walked by length without inflating anything: IHDR and the metadata chunks
/// that `ImageInfo` reports and that Pillow consults for the orientation.
struct PNGHeader {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var width = 0
    var height = 0
    var bitDepth = 0
    var colourType = 0
    var isInterlaced = false
    var hasTransparency = false
    var hasICCProfile = false
    var isAnimated = false
    var exifRange: Range<Int>?
    /// EXIF stored hex-encoded in a `Raw profile type exif` tEXt chunk (ImageMagick's way); Pillow reads it.
    var rawProfileExif: [UInt8]?
    var xmpRange: Range<Int>?
    /// Whole ancillary chunks (length to CRC) longer than `PNGDecoder.ancillaryChunkLimit`; removed before decoding.
    var oversizedAncillaryChunks: [Range<Int>] = []

    init(_ view: ByteView) throws(ImageDecodingError) {
        guard view.hasPrefix(Self.signature) else { throw .corrupt(format: .png, detail: "bad PNG signature") }
        guard view.hasPrefix("IHDR", at: 12), let length = view.u32be(8) else {
            throw view.count < 33
                ? .truncated(format: .png, detail: "data ends at byte \(view.count) inside the IHDR header")
                : .corrupt(format: .png, detail: "the first chunk is not IHDR")
        }
        guard length == 13, let width = view.u32be(16), let height = view.u32be(20),
              let depth = view.u8(24), let type = view.u8(25), let interlace = view.u8(28)
        else {
            throw view.count < 33
                ? .truncated(format: .png, detail: "data ends at byte \(view.count) inside the IHDR header")
                : .corrupt(format: .png, detail: "IHDR declares \(view.u32be(8) ?? 0) bytes (13 expected)")
        }
        self.width = width
        self.height = height
        bitDepth = Int(depth)
        colourType = Int(type)
        isInterlaced = interlace == 1

        // Later chunks only add metadata; a damaged tail ends the walk and is left for the decoder to report.
        var offset = 8
        var seenImageData = false
        while let length = view.u32be(offset), length <= Int(Int32.max), offset + 12 + length <= view.count {
            let body = offset + 8
            let type = view.slice(offset + 4, 4).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if length > PNGDecoder.ancillaryChunkLimit, let first = view.u8(offset + 4), first & 0x20 != 0 {
                oversizedAncillaryChunks.append(offset..<body + length + 4)
            }
            switch type {
            case "IDAT": seenImageData = true
            case "IEND": return
            case "tRNS": hasTransparency = true
            case "iCCP": hasICCProfile = true
            case "acTL" where !seenImageData: isAnimated = true
            case "eXIf" where exifRange == nil: exifRange = body..<body + length
            case "iTXt" where xmpRange == nil && view.hasPrefix("XML:com.adobe.xmp\0", at: body):
                xmpRange = Self.uncompressedITXtText(view, body: body, length: length)
            case "tEXt" where view.hasPrefix("Raw profile type exif\0", at: body):
                rawProfileExif = view.slice(body + 22, length - 22).flatMap(Self.decodeRawProfile)
            default: break
            }
            offset = body + length + 4
        }
    }

    var hasAlpha: Bool { colourType == 4 || colourType == 6 || hasTransparency }

    var colourModel: String {
        let depth = bitDepth == 16 ? " 16-bit" : bitDepth < 8 ? " \(bitDepth)-bit" : ""
        switch colourType {
        case 0: return "grayscale" + depth
        case 2: return "RGB" + depth
        case 3: return "palette" + depth
        case 4: return "grayscale+alpha" + depth
        case 6: return "RGBA" + depth
        default: return "colour type \(colourType)"
        }
    }

    /// The text of an iTXt chunk whose compression flag is 0: keyword\0 flag method language\0 translated\0 text.
    private static func uncompressedITXtText(_ view: ByteView, body: Int, length: Int) -> Range<Int>? {
        let keywordEnd = body + 17  // "XML:com.adobe.xmp" then NUL
        guard view.u8(keywordEnd + 1) == 0 else { return nil }  // compressed XMP is not searched
        var cursor = keywordEnd + 3
        for _ in 0..<2 {  // language tag, translated keyword
            while cursor < body + length, view.u8(cursor) != 0 { cursor += 1 }
            cursor += 1
        }
        return cursor <= body + length ? cursor..<body + length : nil
    }

    /// ImageMagick's layout: "\nexif\n   <length>\n" then hex lines. Pillow drops the first three lines.
    private static func decodeRawProfile(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var newlines = 0
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in text {
            if newlines < 3 {
                if character == UInt8(ascii: "\n") { newlines += 1 }
                continue
            }
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            case UInt8(ascii: "\n"), UInt8(ascii: " "): continue
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes.isEmpty ? nil : bytes
    }
}
