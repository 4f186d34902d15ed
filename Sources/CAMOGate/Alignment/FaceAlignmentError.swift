/// Why a face could not be aligned.
public enum FaceAlignmentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The options cannot describe a crop.
    case invalidOptions(String)
    /// The landmarks lack a point the options ask for.
    case missingLandmark(index: Int, count: Int)
    /// The chosen landmarks do not determine a similarity transform (they coincide, or are not finite).
    case degenerateLandmarks
    /// The warp refused its arguments.
    case warpFailed(String)

    public var description: String {
        switch self {
        case let .invalidOptions(reason):
            return "invalid face alignment options: \(reason)"
        case let .missingLandmark(index, count):
            return "face alignment needs landmark \(index), but the face has only \(count) landmarks"
        case .degenerateLandmarks:
            return "the face's alignment landmarks coincide or are not finite, so no similarity transform fits them"
        case let .warpFailed(reason):
            return "face alignment warp failed: \(reason)"
        }
    }
}
