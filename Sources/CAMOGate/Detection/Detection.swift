import CAMOVision
/// One thing a detector found: where, how sure, which class, and (for faces) the five keypoints.
public struct Detection: Sendable, Equatable, Codable {
    public var box: Box
    public var score: Float
    /// Index into the detector's class list (0 for single-class face detectors).
    public var classIndex: Int
    /// Face keypoints in detector order (YuNet: right eye, left eye, nose tip, right and left mouth corners), else empty.
    public var keypoints: [Point]

    public init(box: Box, score: Float, classIndex: Int = 0, keypoints: [Point] = []) {
        self.box = box
        self.score = score
        self.classIndex = classIndex
        self.keypoints = keypoints
    }

    /// The detection with its box and keypoints multiplied by per-axis factors.
    public func scaled(x sx: Double, y sy: Double) -> Detection {
        var copy = self
        copy.box = box.scaled(x: sx, y: sy)
        copy.keypoints = keypoints.map { Point(x: $0.x * sx, y: $0.y * sy) }
        return copy
    }
}
