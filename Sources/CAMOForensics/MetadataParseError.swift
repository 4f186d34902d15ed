/// Why one metadata block could not be read. The reader never surfaces these as thrown errors for
/// a malformed block: it turns them into notes on `ImageMetadata` and keeps going.
public enum MetadataParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(String, offset: Int)
    case outOfRange(String, offset: Int)
    case invalid(String, offset: Int)
    case limitExceeded(String, limit: Int)

    public var description: String {
        switch self {
        case let .truncated(what, offset):
            return "\(what) is truncated at byte \(offset)"
        case let .outOfRange(what, offset):
            return "\(what) points outside its block (offset \(offset))"
        case let .invalid(what, offset):
            return "\(what) at byte \(offset)"
        case let .limitExceeded(what, limit):
            return "\(what) exceeds the limit of \(limit)"
        }
    }
}

/// Input that is not an image or video container the reader knows.
public enum MetadataReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    case unrecognizedContainer(leadingBytes: String)

    public var description: String {
        switch self {
        case let .unrecognizedContainer(leadingBytes):
            return "not a JPEG, PNG, WebP, HEIC, AVIF, MP4 or MOV file (leading bytes \(leadingBytes))"
        }
    }
}
