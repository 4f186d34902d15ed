/// Errors from constructing or transforming an `Image` (decoding has its own `ImageDecodingError`).
public enum ImageError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDimensions(width: Int, height: Int)
    case bufferSizeMismatch(expected: Int, actual: Int)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .invalidDimensions(width, height):
            return "invalid image dimensions \(width)×\(height): both must be positive"
        case let .bufferSizeMismatch(expected, actual):
            return "pixel buffer holds \(actual) bytes, expected \(expected) (width × height × 3)"
        case let .invalidArgument(message):
            return message
        }
    }
}
