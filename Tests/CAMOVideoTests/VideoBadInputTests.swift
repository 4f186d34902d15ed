import CAMOTesting
import CAMOVideo
import Foundation
import Testing

/// Broken videos give typed errors or end early; nothing crashes or hangs.
struct VideoBadInputTests {
    static func write(_ data: Data, _ name: String) throws -> (URL, String) {
        let folder = try Fixtures.temporaryDirectory("camo-video-bad")
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return (folder, url.path)
    }

    /// Every frame the decoder gives, or the error it threw.
    static func decodeAll(_ path: String) -> Result<Int, VideoError> {
        do {
            let decoder = try VideoDecoder(path: path)
            var count = 0
            while try decoder.nextFrame() != nil { count += 1 }
            return .success(count)
        } catch {
            return .failure(error)
        }
    }

    @Test func anEmptyFileAndGarbageAreUnreadable() throws {
        for (data, name) in [(Data(), "empty.mp4"), (Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }), "noise.mp4")] {
            let (folder, path) = try Self.write(data, name)
            defer { try? FileManager.default.removeItem(at: folder) }
            guard case .failure(let error) = Self.decodeAll(path) else { Issue.record("\(name) was read as a video"); continue }
            guard case .unreadable = error else { Issue.record("\(name): \(error)"); continue }
            #expect("\(error)".contains(path))
        }
    }

    @Test func aContainerWithoutAVideoFrameIsATypedError() {
        guard case .failure(let error) = Self.decodeAll(Fixtures.url("video/no-frames.mp4").path) else {
            Issue.record("a clip without frames was read")
            return
        }
        #expect(error == .noVideoStream(path: Fixtures.url("video/no-frames.mp4").path))
    }

    @Test func framesBeyondThePixelLimitAreRefusedBeforeDecoding() {
        var limits = VideoLimits()
        limits.maximumPixels = 128 * 186 - 1
        let path = Fixtures.url("video/face-h264-audio.mp4").path
        #expect(throws: VideoError.absurdDimensions(path: path, width: 128, height: 186)) { try VideoDecoder(path: path, limits: limits) }
    }

    @Test func aTruncatedClipEndsEarlyOrSaysWhy() throws {
        let data = try Fixtures.data("video/face-h264-audio.mp4")
        for fraction in [0.1, 0.5, 0.9] {
            let (folder, path) = try Self.write(data.prefix(Int(Double(data.count) * fraction)), "cut.mp4")
            defer { try? FileManager.default.removeItem(at: folder) }
            switch Self.decodeAll(path) {
            case .success(let frames): #expect(frames < 20, "a cut file gives fewer frames (\(fraction))")
            case .failure(let error): #expect(!"\(error)".isEmpty)
            }
        }
    }

    @Test func seededEditsOfTheHeaderBoxesNeverCrash() throws {
        let data = try Fixtures.data("video/face-h264-audio.mp4")
        let moov = try #require(data.range(of: Data("moov".utf8)))
        var generator = SeededGenerator(state: 25)
        let folder = try Fixtures.temporaryDirectory("camo-video-mutations")
        defer { try? FileManager.default.removeItem(at: folder) }
        var outcomes: [String: Int] = [:]
        for round in 0..<60 {
            var mutated = data
            // Lie in the moov box: sizes, counts, durations, sample tables.
            for _ in 0..<(1 + round % 4) {
                let offset = Int.random(in: moov.lowerBound..<min(data.count, moov.lowerBound + 1500), using: &generator)
                mutated[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            let path = folder.appendingPathComponent("m\(round).mp4").path
            try mutated.write(to: URL(fileURLWithPath: path))
            switch Self.decodeAll(path) {
            case .success(let frames): outcomes["frames \(min(frames, 20))", default: 0] += 1
            case .failure(let error): outcomes["\(error)".components(separatedBy: ":").dropFirst().first ?? "error", default: 0] += 1
            }
        }
        #expect(outcomes.values.reduce(0, +) == 60)
    }
}
