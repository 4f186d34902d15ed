import CAMORuntime
import CAMOTesting
import CAMOVideo
import CAMOVision
import Foundation
import Testing

/// Frames decoded through FFmpeg's libraries equal, frame for frame and pixel for pixel, what the ffmpeg command
/// decodes from the same clips (scripts/oracles/video_frames.py): H.264 with audio, H.264 in MOV, a phone-style rotated
/// clip, VP9, HEVC, AV1, variable frame rate.
struct VideoDecodingTests {
    struct Expected: Decodable {
        struct Frame: Decodable {
            var time: Double
            var sha256: String
        }
        var codec: String
        var width: Int
        var height: Int
        var rotation: Int
        var frames: [Frame]
        var frame_count: Int?
    }

    static let expected: [String: Expected] = {
        let data = (try? Fixtures.data("video/expected.json")) ?? Data()
        return (try? JSONDecoder().decode([String: Expected].self, from: data)) ?? [:]
    }()

    static var clips: [String] { expected.keys.sorted().filter { $0 != "long-20min.mp4" } }

    static func path(_ name: String) -> String { Fixtures.url("video/\(name)").path }

    @Test func theOracleClipsAreThere() {
        #expect(Self.expected.count == 9)
    }

    @Test(arguments: clips)
    func everyFrameEqualsTheFFmpegCommandsDecoding(_ clip: String) throws {
        let expected = try #require(Self.expected[clip])
        let decoder = try VideoDecoder(path: Self.path(clip))
        #expect(decoder.info.codec == expected.codec && decoder.info.rotation == expected.rotation)
        #expect(decoder.info.width == expected.width && decoder.info.height == expected.height)
        var frames: [VideoFrame] = []
        while let frame = try decoder.nextFrame() { frames.append(frame) }
        #expect(frames.count == expected.frames.count)
        for (frame, oracle) in zip(frames, expected.frames) {
            #expect(abs(frame.time - oracle.time) < 1e-3, "\(clip) frame \(frame.index)")
            #expect(frame.image.width == expected.width && frame.image.height == expected.height)
            #expect(SHA256.hexDigest(frame.image.pixels) == oracle.sha256, "\(clip) frame \(frame.index) at \(frame.time) s")
        }
    }

    @Test func containerFactsAndTagsAreRead() throws {
        let info = try VideoDecoder(path: Self.path("face-h264-audio.mp4")).info
        #expect(info.hasAudio && info.frameRate == 10 && info.declaredFrames == 20)
        #expect(abs((info.duration ?? 0) - 2) < 0.05)
        #expect(info.metadata["encoder"]?.hasPrefix("Lavf") == true && info.container.contains("mp4"))
        #expect(try !VideoDecoder(path: Self.path("flux-vp9.webm")).info.hasAudio)
    }

    @Test func everySecondTakesTheFirstFrameAtOrAfterEachSecond() throws {
        let times = try Self.sampled("vfr.mkv", FrameSampling(mode: .every(seconds: 0.5)))
        // Frames at 0…0.9 (0.1 apart), then 1.0, 1.3, 1.6, 1.9: the first at or after 0, 0.5, 1.0, 1.5.
        #expect(times.map { ($0 * 10).rounded() / 10 } == [0, 0.5, 1.0, 1.6])
    }

    @Test func framesSpreadEvenlyAndKeyFramesOnly() throws {
        #expect(try Self.sampled("face-h264-audio.mp4", FrameSampling(mode: .evenly(count: 4))).map { ($0 * 10).rounded() / 10 } == [0, 0.5, 1.0, 1.5])
        // -g 10: a key frame a second.
        #expect(try Self.sampled("face-h264-audio.mp4", FrameSampling(mode: .keyFrames)).map { ($0 * 10).rounded() / 10 } == [0, 1.0])
        #expect(try Self.sampled("face-h264-audio.mp4", FrameSampling(mode: .every(seconds: 0.1), maximumFrames: 3)).count == 3)
    }

    @Test func aLongClipIsReadOnlyUpToTheCap() throws {
        let expected = try #require(Self.expected["long-20min.mp4"])
        #expect(expected.frame_count == 1200)
        let decoder = try VideoDecoder(path: Self.path("long-20min.mp4"))
        #expect(abs((decoder.info.duration ?? 0) - 1200) < 1)
        var selector = FrameSampling.Selector(FrameSampling(mode: .every(seconds: 60), maximumSeconds: 300), duration: decoder.info.duration)
        var decoded = 0, kept: [Double] = []
        while let frame = try decoder.nextFrame() {
            decoded += 1
            let (keep, done) = selector.take(time: frame.time, isKeyFrame: frame.isKeyFrame)
            if keep { kept.append(frame.time) }
            if done { break }
        }
        #expect(kept == [0, 60, 120, 180, 240, 300])
        #expect(decoded <= 302, "decoding stopped at the cap, not at the end of the clip")
        let first = try #require(expected.frames.first)
        let again = try #require(try VideoDecoder(path: Self.path("long-20min.mp4")).nextFrame())
        #expect(SHA256.hexDigest(again.image.pixels) == first.sha256)
    }

    static func sampled(_ clip: String, _ sampling: FrameSampling) throws -> [Double] {
        var keyFramesOnly = false
        if case .keyFrames = sampling.mode { keyFramesOnly = true }
        let decoder = try VideoDecoder(path: path(clip), keyFramesOnly: keyFramesOnly)
        var selector = FrameSampling.Selector(sampling, duration: decoder.info.duration)
        var times: [Double] = []
        while let frame = try decoder.nextFrame() {
            let (keep, done) = selector.take(time: frame.time, isKeyFrame: frame.isKeyFrame)
            if keep { times.append(frame.time) }
            if done { break }
        }
        return times
    }
}
