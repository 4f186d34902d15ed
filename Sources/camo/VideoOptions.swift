import ArgumentParser
import CAMOVideo

/// How `camo detect` samples a video's frames (docs/video.md).
struct VideoOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Video: judge one frame every this many seconds (default 1).", valueName: "seconds"))
    var every: Double?

    @Option(help: ArgumentHelp("Video: judge this many frames spread evenly over the clip instead.", valueName: "count"))
    var frames: Int?

    @Flag(help: "Video: judge key frames only.")
    var keyFrames = false

    @Option(help: "Video: judge at most this many frames.")
    var maxFrames: Int = FrameSampling().maximumFrames

    @Option(help: "Video: read at most this many seconds of a clip.")
    var maxSeconds: Double = FrameSampling().maximumSeconds

    func validate() throws {
        if [every != nil, frames != nil, keyFrames].filter({ $0 }).count > 1 { throw ValidationError("choose one of --every, --frames and --key-frames") }
        if let every, !(every > 0) { throw ValidationError("--every must be positive seconds") }
        if let frames, frames < 1 { throw ValidationError("--frames must be at least 1") }
        if maxFrames < 1 { throw ValidationError("--max-frames must be at least 1") }
        if !(maxSeconds > 0) { throw ValidationError("--max-seconds must be positive") }
    }

    var sampling: FrameSampling {
        let mode: FrameSampling.Mode = keyFrames ? .keyFrames : frames.map { .evenly(count: $0) } ?? .every(seconds: every ?? 1)
        return FrameSampling(mode: mode, maximumFrames: maxFrames, maximumSeconds: maxSeconds)
    }
}
