/// An image container format, recognised from the file's leading bytes (never from its name).
///
/// `jpeg`, `png`, `webp`, `heic` and `avif` are decoded; the others are recognised so that the error
/// can say what the file really is.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp
    case gif, bmp, tiff, avif, heic, jpegXL = "jxl", jpeg2000 = "jp2", ico, psd

    /// The usual upper-case name, as used in messages ("JPEG", "WebP").
    public var name: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        case .gif: "GIF"
        case .bmp: "BMP"
        case .tiff: "TIFF"
        case .avif: "AVIF"
        case .heic: "HEIC"
        case .jpegXL: "JPEG XL"
        case .jpeg2000: "JPEG 2000"
        case .ico: "ICO"
        case .psd: "PSD"
        }
    }

    /// Whether `ImageDecoder` decodes this format.
    public var isDecodable: Bool {
        switch self {
        case .jpeg, .png, .webp, .heic, .avif: true
        default: false
        }
    }

    /// The format whose signature starts `bytes`, or `nil` when no known signature matches.
    public static func detect(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(32))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }

        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if ascii("RIFF"), ascii("WEBP", at: 8) { return .webp }
        if ascii("GIF87a") || ascii("GIF89a") { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
            || starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) { return .tiff }
        if ascii("ftyp", at: 4) { return isoMediaFormat(brands: head) }
        if starts([0xFF, 0x0A]) || starts([0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) { return .jpegXL }
        if starts([0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) { return .jpeg2000 }
        if ascii("8BPS") { return .psd }
        if starts([0, 0, 1, 0]), head.count >= 6, head[4] != 0 || head[5] != 0 { return .ico }
        if ascii("BM"), head.count >= 14 { return .bmp }
        return nil
    }

    /// The decodable format whose signature `bytes` begins but is too short to complete.
    static func decodableFormat(startingWithPartialSignature bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(12))
        let signatures: [(ImageFormat, [UInt8?])] = [
            (.jpeg, [0xFF, 0xD8, 0xFF]),
            (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            (.webp, Array("RIFF".utf8) + [nil, nil, nil, nil] + Array("WEBP".utf8)),  // nil: any size byte
        ]
        for (format, signature) in signatures where head.count < signature.count {
            if zip(head, signature).allSatisfy({ $1 == nil || $0 == $1 }) { return format }
        }
        return nil
    }

    /// AVIF and HEIC share the ISO base media file format; the brands in `ftyp` tell them apart.
    private static func isoMediaFormat(brands head: [UInt8]) -> ImageFormat? {
        var brands: [String] = []
        var offset = 8
        while offset + 4 <= head.count {
            if offset != 12 {  // bytes 12..<16 are the minor version, not a brand
                brands.append(String(decoding: head[offset..<offset + 4], as: UTF8.self))
            }
            offset += 4
        }
        if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .avif }
        let heifBrands: Set = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]
        if brands.contains(where: heifBrands.contains) { return .heic }
        return nil
    }
}
