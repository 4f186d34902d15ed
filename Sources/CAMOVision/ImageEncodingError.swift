/// Why an `Image` could not be encoded.
public enum ImageEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range.
    case invalidOption(String)
    /// The codec library reported a failure.
    case codecFailure(format: ImageFormat, detail: String)

    public var description: String {
        switch self {
        case let .invalidOption(message):
            return "invalid encoding option: \(message)"
        case let .codecFailure(format, detail):
            return "\(format.name) encoding failed: \(detail)"
        }
    }
}
