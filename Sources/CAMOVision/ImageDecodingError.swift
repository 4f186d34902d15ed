/// Why bytes could not be decoded into an `Image`. Every message says what was wrong and where.
public enum ImageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input holds no bytes.
    case empty
    /// The bytes are not JPEG, PNG, WebP, HEIC or AVIF; the associated text names what they are, when known.
    case unsupportedFormat(String)
    /// A decodable format using a feature that is not decoded (for example an animated WebP).
    case unsupportedFeature(format: ImageFormat, detail: String)
    /// The data ends before the image does.
    case truncated(format: ImageFormat, detail: String)
    /// The data is malformed.
    case corrupt(format: ImageFormat, detail: String)
    /// The header declares more pixels than `DecodingOptions.maxPixels`; nothing was allocated.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The file could not be read at all.
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty input: there are no bytes to decode"
        case let .unsupportedFormat(found):
            return "unsupported image format: \(found) (only JPEG, PNG, WebP, HEIC and AVIF are decoded)"
        case let .unsupportedFeature(format, detail):
            return "unsupported \(format.name) feature: \(detail)"
        case let .truncated(format, detail):
            return "truncated \(format.name): \(detail)"
        case let .corrupt(format, detail):
            return "corrupt \(format.name): \(detail)"
        case let .tooLarge(width, height, limit):
            return "image too large: \(width)×\(height) = \(width * height) pixels exceeds the limit of \(limit) (DecodingOptions.maxPixels)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
