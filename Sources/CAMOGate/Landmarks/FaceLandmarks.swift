import CAMOVision

/// The landmarks a shape predictor places on one face.
///
/// With dlib's 68-point model the points follow the iBUG 300-W layout: 0–16 jaw line, 17–21
/// and 22–26 the right and left eyebrows (as seen in the image: the subject's right is on the
/// image's left), 27–35 nose, 36–41 and 42–47 the eyes, 48–67 mouth.
public struct FaceLandmarks: Sendable, Hashable {
    /// The face box the points were predicted from.
    public var face: FaceRectangle
    /// The predicted points in image pixels, unrounded (pixel centres at whole numbers).
    public var points: [Point]

    public init(face: FaceRectangle, points: [Point]) {
        self.face = face
        self.points = points
    }

    /// The points as dlib's `full_object_detection` reports them: each coordinate rounded half
    /// up to a whole pixel. Code that reproduces a pipeline built on dlib's Python API (which
    /// only ever sees these integer points) should use these.
    public var dlibRoundedPoints: [Point] {
        points.map { Point(x: ($0.x + 0.5).rounded(.down), y: ($0.y + 0.5).rounded(.down)) }
    }
}
