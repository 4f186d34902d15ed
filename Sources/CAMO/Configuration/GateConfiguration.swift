import CAMOGate

/// The `gate:` section of a pipeline: which detectors run and the rules that turn detections into content.
public struct GateConfiguration: Decodable, Sendable {
    /// Registry name of the face detector model, or `none`.
    public var faceDetector: String = "yunet_2023mar"
    public var faceScoreThreshold: Float = 0.6
    public var faceNMSThreshold: Double = 0.3
    /// Registry name of the object detector model, or `none`.
    public var objectDetector: String = "yolox_nano_416"
    public var objectScoreThreshold: Float = 0.3
    /// `dlib68` (Debian's libdlib-data model) or `none` (align from the face detector's five keypoints).
    public var landmarks: String = "dlib68"
    /// Landmarks and aligned crops are made for at most this many faces, largest first.
    public var maximumFaces: Int = 5
    /// Side of the square aligned face crop.
    public var alignedSize: Int = 256
    /// DeepfakeBench's margin around the face template.
    public var alignmentMargin: Double = 1.3
    public var rules = GateRules()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case landmarks, rules
        case faceDetector = "face_detector"
        case faceScoreThreshold = "face_score_threshold"
        case faceNMSThreshold = "face_nms_threshold"
        case objectDetector = "object_detector"
        case objectScoreThreshold = "object_score_threshold"
        case maximumFaces = "maximum_faces"
        case alignedSize = "aligned_size"
        case alignmentMargin = "alignment_margin"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GateConfiguration()
        faceDetector = try c.decodeIfPresent(String.self, forKey: .faceDetector) ?? defaults.faceDetector
        faceScoreThreshold = try c.decodeIfPresent(Float.self, forKey: .faceScoreThreshold) ?? defaults.faceScoreThreshold
        faceNMSThreshold = try c.decodeIfPresent(Double.self, forKey: .faceNMSThreshold) ?? defaults.faceNMSThreshold
        objectDetector = try c.decodeIfPresent(String.self, forKey: .objectDetector) ?? defaults.objectDetector
        objectScoreThreshold = try c.decodeIfPresent(Float.self, forKey: .objectScoreThreshold) ?? defaults.objectScoreThreshold
        landmarks = try c.decodeIfPresent(String.self, forKey: .landmarks) ?? defaults.landmarks
        maximumFaces = try c.decodeIfPresent(Int.self, forKey: .maximumFaces) ?? defaults.maximumFaces
        alignedSize = try c.decodeIfPresent(Int.self, forKey: .alignedSize) ?? defaults.alignedSize
        alignmentMargin = try c.decodeIfPresent(Double.self, forKey: .alignmentMargin) ?? defaults.alignmentMargin
        rules = try c.decodeIfPresent(GateRules.self, forKey: .rules) ?? defaults.rules
        guard ["dlib68", "none"].contains(landmarks) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.landmarks], debugDescription: "expected dlib68 or none, found '\(landmarks)'"))
        }
        guard (1...100).contains(maximumFaces), (16...2048).contains(alignedSize), alignmentMargin >= 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath,
                debugDescription: "maximum_faces must be 1…100, aligned_size 16…2048, alignment_margin ≥ 1"))
        }
    }
}
