import Foundation

/// One written training image and everything its `metadata.jsonl` row says about it.
public struct PreparedOutput: Sendable, Codable, Equatable {
    /// Relative to the output folder: `<subset>/<split>/<name>`.
    public var file: String
    public var sha256: String
    public var subset: String
    public var split: String
    /// 0 real, 1 fake (DeepfakeBench's convention).
    public var label: Int
    /// The image's position in the input dataset's listing, counted from 0.
    public var sourceIndex: Int
    /// The image's path as the input dataset names it.
    public var sourceFile: String
    public var sourceSHA256: String
    /// The group that splits keep together: the dataset's `source` column, else the image itself.
    public var source: String
    public var generator: String
    public var content: String
    public var transform: String
    /// What the transform did, with the values it drew (e.g. `rotate -12.4°`).
    public var transformSteps: [String]
    public var seed: UInt64

    /// Which of the gate's faces (0 = largest).
    public var faceIndex: Int?
    /// The face detector's box in source pixels: x1, y1, x2, y2.
    public var faceBox: [Double]?
    public var faceScore: Double?
    /// `dlib68` or `detector5`: which points the crop was aligned from.
    public var alignedFrom: String?
    /// The landmarks in crop pixels, as they lie on the aligned crop before the transform.
    public var landmarks: [[Double]]?
    /// Source pixels → crop pixels, row-major 2×3 (OpenCV's `warpAffine` matrix); invert it to map back.
    public var alignment: [Double]?
    /// Relative to the output folder: the filled convex hull of the landmarks, on the aligned crop.
    public var maskFile: String?
    public var maskSHA256: String?

    /// The general pipeline's window in source pixels: x, y, width, height.
    public var crop: [Int]?
    public var tileIndex: Int?

    enum CodingKeys: String, CodingKey {
        case file, sha256, subset, split, label, source, generator, content, transform, seed, landmarks, alignment, crop
        case sourceIndex = "source_index", sourceFile = "source_file", sourceSHA256 = "source_sha256"
        case transformSteps = "transform_steps", faceIndex = "face_index", faceBox = "face_box", faceScore = "face_score"
        case alignedFrom = "aligned_from", maskFile = "mask_file", maskSHA256 = "mask_sha256", tileIndex = "tile_index"
    }

    /// The `metadata.jsonl` row: every field, with `file_name` relative to the row's own folder as `imagefolder` wants.
    func metadataRow() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var object = try JSONSerialization.jsonObject(with: encoder.encode(self)) as? [String: Any] else { return Data() }
        object["file_name"] = (file as NSString).lastPathComponent
        object["file"] = nil
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}

/// What one (source image, transform) pair produced: outputs, or the reason there are none. A re-run trusts a
/// record only when the source's hash, the options and every output file's hash still match.
public struct PreparationRecord: Sendable, Codable, Equatable {
    public var sourceIndex: Int
    public var sourceSHA256: String
    public var transform: String
    /// `PrepareOptions.outputIdentity` when the record was written.
    public var options: String
    public var skipped: SkipReason?
    public var skippedDetail: String?
    public var outputs: [PreparedOutput]

    public var key: String { Self.key(sourceIndex: sourceIndex, transform: transform) }

    static func key(sourceIndex: Int, transform: String) -> String { "\(sourceIndex)|\(transform)" }

    enum CodingKeys: String, CodingKey {
        case transform, options, skipped, outputs
        case sourceIndex = "source_index", sourceSHA256 = "source_sha256", skippedDetail = "skipped_detail"
    }
}

/// Why a source image gave no training image.
public enum SkipReason: String, Sendable, Codable, CaseIterable, Comparable {
    case missingFile = "missing file"
    case unreadable = "unreadable file"
    case undecodable = "corrupt or unsupported image"
    case gateFailed = "gate failed"
    case noFace = "no face"
    case faceTooSmall = "face too small"
    case lowScore = "face score too low"
    case landmarksOutside = "landmarks outside the image"
    case notAligned = "face not aligned"
    case smallerThanCrop = "image smaller than the crop"
    case transformFailed = "transform failed"

    public static func < (lhs: SkipReason, rhs: SkipReason) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
