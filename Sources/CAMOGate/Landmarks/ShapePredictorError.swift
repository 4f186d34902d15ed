/// Why a dlib shape predictor model could not be loaded.
///
/// Format errors carry the byte offset in the model file where reading went wrong.
public enum ShapePredictorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at `path`.
    case modelNotFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file ends at `offset` while `reading` was still expected.
    case truncated(offset: Int, reading: String)
    /// The bytes at `offset` are not a dlib shape predictor as this reader understands it.
    case malformed(offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .modelNotFound(path):
            return "dlib landmark model not found at \(path): install it with `apt-get install libdlib-data` "
                + "or set \(ShapePredictor.modelEnvironmentVariable) to the model file"
        case let .unreadable(path, reason):
            return "cannot read dlib landmark model \(path): \(reason)"
        case let .truncated(offset, reading):
            return "dlib landmark model is truncated: it ends at byte \(offset) while reading \(reading)"
        case let .malformed(offset, reason):
            return "dlib landmark model is malformed at byte \(offset): \(reason)"
        }
    }
}
