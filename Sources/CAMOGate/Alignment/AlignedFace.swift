import CAMOVision

/// A face cropped and aligned by `FaceAligner`.
public struct AlignedFace: Sendable {
    /// The `outputSize` × `outputSize` crop.
    public var image: Image
    /// Source image pixels → crop pixels (OpenCV's `warpAffine` matrix).
    public var transform: AffineTransform
    /// Every landmark of the face, carried into the crop.
    public var landmarks: [Point]
    /// 255 inside the convex hull of `landmarks` (pixel centres on or inside it), 0 elsewhere.
    public var mask: GrayImage
}
