/// MP4 and QuickTime (MOV) files, told apart from HEIF and AVIF images by the brands of their
/// leading `ftyp` box. Only the metadata reader knows them: CAMOVision's `ImageFormat` does not
/// list them, so its image decoders never try to decode a video.
enum BMFFVideo {
    /// QuickTime's brand.
    static let quickTimeBrands: Set<String> = ["qt  "]
    /// Brands of ISO base media files (MP4, M4V, M4A, 3GP, CMAF) that carry timed media. HEIF and
    /// AVIF brands are not here: those files are images, read with libheif.
    static let mp4Brands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71", "avc1", "hvc1", "hev1",
        "av01", "vp09", "M4V ", "M4VH", "M4VP", "M4A ", "M4B ", "M4P ", "F4V ", "F4P ", "f4v ", "dash", "cmfc", "cmf2", "mmp4",
        "MSNV", "XAVC", "NDAS", "3gp4", "3gp5", "3gp6", "3gp7", "3gp8", "3gp9", "3gg6", "3g2a", "3g2b", "3g2c",
    ]

    /// `.mp4` or `.mov` when `head`, the first bytes of a file, starts with an `ftyp` box whose major
    /// or compatible brands name MP4 or QuickTime; nil otherwise. QuickTime's major brand decides
    /// for QuickTime, then any MP4 brand for MP4.
    static func container(_ head: [UInt8]) -> ImageMetadata.Container? {
        guard head.count >= 16, head[4..<8].elementsEqual("ftyp".utf8) else { return nil }
        let size = head[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard size >= 16 else { return nil }
        let end = min(size, head.count)
        let major = String(decoding: head[8..<12], as: UTF8.self)
        // Bytes 12..<16 are the minor version; compatible brands follow.
        let compatible = stride(from: 16, to: end - 3, by: 4).map { String(decoding: head[$0..<($0 + 4)], as: UTF8.self) }
        if quickTimeBrands.contains(major) { return .mov }
        if mp4Brands.contains(major) || compatible.contains(where: mp4Brands.contains) { return .mp4 }
        if compatible.contains(where: quickTimeBrands.contains) { return .mov }
        return nil
    }
}
