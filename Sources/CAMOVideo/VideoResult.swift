import CAMO
import Foundation

/// Everything CAMO says about one video: the verdict, each judged frame, each face track, and the time ranges a
/// reviewer should look at. Documented in docs/video.md.
public struct VideoResult: Sendable, Codable {
    public struct FrameScore: Sendable, Codable, Equatable {
        public var time: Double
        public var index: Int
        public var verdict: Verdict
        public var basis: VerdictBasis
        public var pFake: Double?
        /// The experts' raw aggregate before calibration, as the image result's `p_fake_raw`.
        public var pFakeRaw: Double?
        /// The track of each face the gate found, in the gate's order.
        public var tracks: [Int]

        public init(time: Double, index: Int, verdict: Verdict, basis: VerdictBasis, pFake: Double?, pFakeRaw: Double? = nil, tracks: [Int]) {
            self.time = time
            self.index = index
            self.verdict = verdict
            self.basis = basis
            self.pFake = pFake
            self.pFakeRaw = pFakeRaw
            self.tracks = tracks
        }

        enum CodingKeys: String, CodingKey {
            case time, index, verdict, basis, tracks
            case pFake = "p_fake"
            case pFakeRaw = "p_fake_raw"
        }
    }

    public struct Track: Sendable, Codable, Equatable {
        public var id: Int
        public var start: Double
        public var end: Double
        public var frames: Int
        /// Median over the track's frames of the frame's p_fake.
        public var pFake: Double?
        public var fakeFrames: Int
        public var verdict: Verdict

        enum CodingKeys: String, CodingKey {
            case id, start, end, frames, verdict
            case pFake = "p_fake"
            case fakeFrames = "fake_frames"
        }
    }

    public struct TimeRange: Sendable, Codable, Equatable {
        public var start: Double
        public var end: Double
        public var frames: Int
        public var maxPFake: Double
        /// The face track the range belongs to; nil for whole frames.
        public var track: Int?

        enum CodingKeys: String, CodingKey {
            case start, end, frames, track
            case maxPFake = "max_p_fake"
        }
    }

    public var schemaVersion: Int = JSONConvention.schemaVersion
    public var id: String
    public var sha256: String?
    public var info: VideoInfo
    public var sampling: FrameSampling
    public var verdict: Verdict
    public var basis: VerdictBasis
    public var reason: String
    /// Median of the judged frames' p_fake (calibrated when the pipeline is).
    public var pFake: Double?
    public var framesDecoded: Int
    public var frames: [FrameScore]
    public var tracks: [Track]
    /// Runs of consecutive judged frames called fake, whole frames and per track.
    public var suspicious: [TimeRange]
    /// Hard evidence: the C2PA manifest's claim, container tags that name a generator.
    public var evidence: [String]
    /// The container's C2PA manifest as validated (state, signer, binding); nil without one.
    public var c2pa: String?
    /// The provenance evidence's p_fake (C2PA), when it decides.
    public var provenancePFake: Double?
    public var errors: [String]
    public var timingsMs: [String: Double]

    public init(
        id: String, sha256: String?, info: VideoInfo, sampling: FrameSampling, verdict: Verdict, basis: VerdictBasis, reason: String,
        pFake: Double?, framesDecoded: Int, frames: [FrameScore], tracks: [Track], suspicious: [TimeRange], evidence: [String],
        errors: [String], timingsMs: [String: Double]
    ) {
        self.id = id
        self.sha256 = sha256
        self.info = info
        self.sampling = sampling
        self.verdict = verdict
        self.basis = basis
        self.reason = reason
        self.pFake = pFake
        self.framesDecoded = framesDecoded
        self.frames = frames
        self.tracks = tracks
        self.suspicious = suspicious
        self.evidence = evidence
        self.errors = errors
        self.timingsMs = timingsMs
    }

    enum CodingKeys: String, CodingKey {
        case id, sha256, info, sampling, verdict, basis, reason, frames, tracks, suspicious, evidence, errors, c2pa
        case provenancePFake = "provenance_p_fake"
        case schemaVersion = "schema_version"
        case pFake = "p_fake"
        case framesDecoded = "frames_decoded"
        case timingsMs = "timings_ms"
    }
}
