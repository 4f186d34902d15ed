/// A WebP file's RIFF chunks, checked for completeness: the RIFF size and every chunk must fit in the
/// data (as libwebp's demuxer, which Pillow uses, requires).
struct WebPHeader {
    var canvasWidth: Int?
    var canvasHeight: Int?
    var isLossless = false
    var hasAlphaChunk = false
    var isAnimated = false
    var hasICCProfile = false
    var exifRange: Range<Int>?
    var xmpRange: Range<Int>?

    init(_ view: ByteView) throws(ImageDecodingError) {
        guard view.hasPrefix("RIFF"), view.hasPrefix("WEBP", at: 8), let riffSize = view.u32le(4) else {
            throw .corrupt(format: .webp, detail: "missing RIFF/WEBP header")
        }
        let end = 8 + riffSize
        guard end <= view.count else {
            throw .truncated(format: .webp, detail: "the RIFF header declares \(end) bytes but the data has \(view.count)")
        }
        var offset = 12
        var sawBitstream = false
        while offset < end {
            guard offset + 8 <= end, let size = view.u32le(offset + 4),
                  let fourCC = view.slice(offset, 4).map({ String(decoding: $0, as: UTF8.self) })
            else {
                throw .truncated(format: .webp, detail: "chunk header at byte \(offset) runs past the RIFF end (\(end))")
            }
            let body = offset + 8
            guard size <= end - body else {
                throw .truncated(format: .webp, detail: "chunk '\(fourCC)' at byte \(offset) declares \(size) bytes, past the RIFF end (\(end))")
            }
            switch fourCC {
            case "VP8X":
                if let flags = view.u8(body), let w = view.u24le(body + 4), let h = view.u24le(body + 7) {
                    isAnimated = flags & 0x02 != 0
                    canvasWidth = w + 1
                    canvasHeight = h + 1
                }
            case "VP8 ": sawBitstream = true
            case "VP8L": sawBitstream = true; isLossless = true
            case "ALPH": hasAlphaChunk = true
            case "ANIM", "ANMF": isAnimated = true
            case "ICCP": hasICCProfile = true
            case "EXIF" where exifRange == nil: exifRange = body..<body + size
            case "XMP " where xmpRange == nil: xmpRange = body..<body + size
            default: break
            }
            offset = body + size + (size & 1)
        }
        guard sawBitstream || isAnimated else {
            throw .corrupt(format: .webp, detail: "no VP8 or VP8L image chunk")
        }
    }

    func colourModel(hasAlpha: Bool) -> String {
        (isLossless ? "VP8L lossless" : "VP8 lossy") + (hasAlpha ? " + alpha" : "")
    }
}
