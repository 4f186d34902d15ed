/// A video that cannot be read, with what was wrong and where.
public enum VideoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// FFmpeg could not open or parse the container.
    case unreadable(path: String, detail: String)
    case noVideoStream(path: String)
    case unsupportedCodec(path: String, codec: String)
    /// Declared dimensions beyond `VideoLimits.maximumPixels` or not positive.
    case absurdDimensions(path: String, width: Int, height: Int)
    /// Decoding failed part-way (a truncated or corrupt stream) before any frame was read.
    case decodingFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case let .unreadable(path, detail): "\(path): not a readable video (\(detail))"
        case let .noVideoStream(path): "\(path): the container holds no video stream"
        case let .unsupportedCodec(path, codec): "\(path): no decoder for the video codec '\(codec)' in this FFmpeg build"
        case let .absurdDimensions(path, width, height): "\(path): the video stream declares \(width)×\(height) pixels, beyond the limit"
        case let .decodingFailed(path, detail): "\(path): decoding failed (\(detail))"
        }
    }
}
