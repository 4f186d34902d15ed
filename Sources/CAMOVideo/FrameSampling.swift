/// Which frames of a video are judged, and how much of it is read at most.
public struct FrameSampling: Sendable, Equatable, Codable {
    public enum Mode: Sendable, Equatable, Codable {
        /// The first frame at or after 0, s, 2s, …
        case every(seconds: Double)
        /// `count` frames spread evenly over the duration (the first at 0); every N seconds when the duration is unknown.
        case evenly(count: Int)
        /// Key frames only (the decoder skips the others).
        case keyFrames
    }

    /// Default: one frame a second.
    public var mode: Mode
    /// At most this many frames are judged; default 64.
    public var maximumFrames: Int
    /// Nothing after this many seconds is read; default 600 (ten minutes), so a ten-hour clip costs ten minutes' decoding.
    public var maximumSeconds: Double

    public init(mode: Mode = .every(seconds: 1), maximumFrames: Int = 64, maximumSeconds: Double = 600) {
        self.mode = mode
        self.maximumFrames = maximumFrames
        self.maximumSeconds = maximumSeconds
    }

    /// Decides frame by frame, in decoding order, which to keep.
    public struct Selector {
        let sampling: FrameSampling
        let targets: [Double]?
        var next = 0
        var kept = 0

        public init(_ sampling: FrameSampling, duration: Double?) {
            self.sampling = sampling
            let span = min(duration ?? sampling.maximumSeconds, sampling.maximumSeconds)
            if case .evenly(let count) = sampling.mode, duration != nil, count > 0 {
                let n = min(count, sampling.maximumFrames)
                targets = n == 1 ? [0] : (0..<n).map { span * Double($0) / Double(n) }
            } else {
                targets = nil
            }
        }

        /// Whether the frame at `time` is judged; `done` once nothing later can be.
        public mutating func take(time: Double, isKeyFrame: Bool) -> (keep: Bool, done: Bool) {
            guard kept < sampling.maximumFrames, time <= sampling.maximumSeconds else { return (false, true) }
            var keep = false
            switch sampling.mode {
            case .keyFrames:
                keep = isKeyFrame
            case .every(let seconds):
                if time >= Double(next) * seconds - 1e-6 {
                    keep = true
                    // Skip targets a long frame jumped over, so one frame is not kept twice.
                    next = Int((time + 1e-6) / seconds) + 1
                }
            case .evenly(let count):
                if let targets {
                    if next < targets.count, time >= targets[next] - 1e-6 {
                        keep = true
                        while next < targets.count, targets[next] <= time + 1e-6 { next += 1 }
                    }
                } else {
                    let seconds = sampling.maximumSeconds / Double(max(count, 1))
                    if time >= Double(next) * seconds - 1e-6 {
                        keep = true
                        next = Int((time + 1e-6) / seconds) + 1
                    }
                }
            }
            if keep { kept += 1 }
            let exhausted = kept >= sampling.maximumFrames || (targets.map { next >= $0.count } ?? false)
            return (keep, exhausted)
        }
    }
}
