import CAMOVision
import Foundation

/// How a real image was stored, so that its synthetic twin is stored the same way: the same format, the same JPEG
/// quality (estimated from the quantisation tables) and chroma subsampling, the same size, no metadata. A detector
/// trained on the pairs then cannot tell them apart by container or compression, only by what generation left.
public struct TwinEncoding: Sendable, Equatable, Codable {
    public enum Format: String, Sendable, Codable { case jpeg, png, webp }

    public var format: Format
    public var width: Int
    public var height: Int
    /// JPEG: the estimated libjpeg quality; WebP lossy: the quality used (a WebP file does not record one).
    public var quality: Int?
    /// JPEG: whether the tables are exactly libjpeg's at `quality`.
    public var qualityExact: Bool?
    /// JPEG: `4:2:0`, `4:2:2` or `4:4:4`.
    public var subsampling: String?
    public var lossless: Bool?
    /// The real image's format is one CAMO cannot write (HEIC, AVIF, …): both twins are written as PNG of their
    /// decoded pixels, the real one re-encoded too.
    public var realReencoded: Bool

    /// WebP lossy quality used when the twin is lossy WebP: Pillow's default, as most published sets were written.
    public static let webpQuality = 80

    enum CodingKeys: String, CodingKey {
        case format, width, height, quality, subsampling, lossless
        case qualityExact = "quality_exact"
        case realReencoded = "real_reencoded"
    }

    /// The encoding of the real file `data` (already decoded to `info`).
    public init(of data: Data, info: ImageInfo) throws(ImageDecodingError) {
        width = info.width
        height = info.height
        realReencoded = false
        switch info.format {
        case .jpeg where info.colourModel.hasPrefix("YCbCr") || info.colourModel == "grayscale":
            format = .jpeg
            let estimate = try JPEGQuality.estimate(data)
            quality = estimate?.quality ?? 95
            qualityExact = estimate?.isExact ?? false
            subsampling = ["4:4:4", "4:2:2"].first { info.colourModel.hasSuffix($0) } ?? "4:2:0"
        case .png:
            format = .png
        case .webp:
            format = .webp
            lossless = info.colourModel.hasPrefix("VP8L")
            if lossless == false { quality = Self.webpQuality }
        default:
            format = .png
            realReencoded = true
        }
    }

    /// The file extension twins of this encoding get.
    public var fileExtension: String { format == .jpeg ? "jpg" : format.rawValue }

    /// `image` at the twin's size (Pillow's Lanczos, antialiased) in the twin's encoding.
    public func encode(_ image: Image) throws -> Data {
        let sized = try image.resized(to: Size(width: width, height: height), method: .pillowLanczos)
        switch format {
        case .jpeg:
            let chroma: JPEGEncodingOptions.ChromaSubsampling = switch subsampling {
            case "4:4:4": .s444
            case "4:2:2": .s422
            default: .s420
            }
            return try ImageEncoder.jpeg(sized, options: JPEGEncodingOptions(quality: quality ?? 95, chromaSubsampling: chroma))
        case .png:
            return try ImageEncoder.png(sized)
        case .webp:
            return try ImageEncoder.webp(sized, quality: lossless == true ? nil : Float(quality ?? Self.webpQuality))
        }
    }
}
