import CAMOVision

/// One decoded frame, upright (the stream's rotation applied), as 8-bit RGB.
public struct VideoFrame: Sendable {
    /// Presentation time in seconds from the stream's start.
    public var time: Double
    public var image: Image
    public var isKeyFrame: Bool
    /// Position among the decoded frames, from 0.
    public var index: Int
}
