import CAMOVision

/// How `FaceAligner` crops a face. The defaults reproduce DeepfakeBench's
/// `preprocessing/preprocess.py` (`extract_aligned_face_dlib` with `res=256`, `img_align_crop`
/// with `scale=1.3`).
public struct FaceAlignmentOptions: Sendable, Hashable {
    /// The crop's width and height in pixels. Default 256.
    public var outputSize: Int
    /// How much wider than the template's face the crop is: 1.3 leaves 15 % of the crop on each
    /// side. Default 1.3.
    public var margin: Double
    /// Where the aligned points land, in a `templateFrameSize` square. Default: the ArcFace
    /// 112×112 template shifted 8 px right, as DeepfakeBench does for a square 112 frame.
    public var template: [Point]
    /// The side of the square frame `template` is given in. Default 112.
    public var templateFrameSize: Double
    /// Which landmarks are matched to the template's points, in order. Default 37, 44, 30, 49, 55
    /// (DeepfakeBench's picks from dlib's 68 points: a point on each upper eyelid, the nose tip
    /// and the mouth corners' neighbours).
    public var landmarkIndices: [Int]

    /// ArcFace's five reference points (eyes, nose tip, mouth corners) for a 96×112 crop.
    public static let arcFaceTemplate: [Point] = [
        Point(x: 30.2946, y: 51.6963),
        Point(x: 65.5318, y: 51.5014),
        Point(x: 48.0252, y: 71.7366),
        Point(x: 33.5493, y: 92.3655),
        Point(x: 62.7299, y: 92.2041),
    ]

    public init(
        outputSize: Int = 256,
        margin: Double = 1.3,
        template: [Point] = FaceAlignmentOptions.arcFaceTemplate.map { Point(x: $0.x + 8, y: $0.y) },
        templateFrameSize: Double = 112,
        landmarkIndices: [Int] = [37, 44, 30, 49, 55]
    ) {
        self.outputSize = outputSize
        self.margin = margin
        self.template = template
        self.templateFrameSize = templateFrameSize
        self.landmarkIndices = landmarkIndices
    }
}
