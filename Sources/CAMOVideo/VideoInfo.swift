/// What a video container says about itself and its video stream, read before decoding.
public struct VideoInfo: Sendable, Codable, Equatable {
    /// FFmpeg's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`.
    public var container: String
    /// The video codec, e.g. `h264`, `hevc`, `vp9`, `av1`.
    public var codec: String
    /// Size of the frames as displayed (after rotation).
    public var width: Int
    public var height: Int
    /// Clockwise rotation applied to the decoded frames (0, 90, 180, 270), from the stream's display matrix.
    public var rotation: Int
    /// Seconds; nil when the container does not say.
    public var duration: Double?
    /// Average frames per second; nil when unknown.
    public var frameRate: Double?
    /// The frame count the stream declares, when it does.
    public var declaredFrames: Int?
    public var hasAudio: Bool
    /// Container and video-stream tags (`encoder`, `creation_time`, `com.apple.quicktime.*`, `handler_name`, …).
    public var metadata: [String: String]

    public init(container: String, codec: String, width: Int, height: Int, rotation: Int, duration: Double?, frameRate: Double?, declaredFrames: Int?, hasAudio: Bool, metadata: [String: String]) {
        self.container = container
        self.codec = codec
        self.width = width
        self.height = height
        self.rotation = rotation
        self.duration = duration
        self.frameRate = frameRate
        self.declaredFrames = declaredFrames
        self.hasAudio = hasAudio
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case container, codec, width, height, rotation, duration, metadata
        case frameRate = "frame_rate"
        case declaredFrames = "declared_frames"
        case hasAudio = "has_audio"
    }
}
