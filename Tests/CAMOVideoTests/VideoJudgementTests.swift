import CAMO
import CAMOGate
import CAMOTesting
import CAMOVideo
import CAMOVision
import Foundation
import Testing

/// Faces followed through time, the seconds worth a look, and a video verdict that claims no more than its frames.
struct VideoJudgementTests {
    static func face(x: Double, y: Double = 50, size: Double = 60) -> FaceTracker.Observation {
        FaceTracker.Observation(box: Box(minX: x, minY: y, maxX: x + size, maxY: y + size), landmarks: nil)
    }

    static func frame(_ time: Double, _ verdict: Verdict, _ pFake: Double, tracks: [Int] = []) -> VideoResult.FrameScore {
        VideoResult.FrameScore(time: time, index: Int(time * 10), verdict: verdict, basis: .calibratedExperts, pFake: pFake, tracks: tracks)
    }

    @Test func aMovingFaceKeepsItsTrackAndANewFaceGetsItsOwn() {
        var tracker = FaceTracker()
        #expect(tracker.assign([Self.face(x: 10)], at: 0) == [0])
        #expect(tracker.assign([Self.face(x: 25)], at: 1) == [0])
        // A second face far away joins; the first keeps moving.
        #expect(tracker.assign([Self.face(x: 300), Self.face(x: 40)], at: 2) == [1, 0])
        // Gone for longer than the gap: a face in the same place is a new track.
        #expect(tracker.assign([Self.face(x: 40)], at: 6) == [2])
    }

    @Test func landmarksLinkAFaceWhoseBoxJumped() {
        var tracker = FaceTracker()
        let points = (0..<5).map { Point(x: 100 + Double($0) * 10, y: 100) }
        let a = FaceTracker.Observation(box: Box(minX: 80, minY: 60, maxX: 180, maxY: 160), landmarks: points)
        // The detector's box shifted by most of its width, the landmarks barely moved.
        let b = FaceTracker.Observation(box: Box(minX: 150, minY: 60, maxX: 250, maxY: 160), landmarks: points.map { Point(x: $0.x + 5, y: $0.y) })
        _ = tracker.assign([a], at: 0)
        #expect(tracker.assign([b], at: 0.5) == [0])
    }

    @Test func rangesCoverRunsOfFakeFramesWholeAndPerTrack() {
        let frames = [Self.frame(0, .real, 0.1, tracks: [0]), Self.frame(1, .fake, 0.9, tracks: [0]), Self.frame(2, .fake, 0.95, tracks: [0, 1]),
                      Self.frame(3, .real, 0.2, tracks: [1]), Self.frame(4, .fake, 0.8, tracks: [1])]
        let ranges = VideoDetector.ranges(frames)
        #expect(ranges.filter { $0.track == nil }.map { [$0.start, $0.end, Double($0.frames), $0.maxPFake] } == [[1, 2, 2, 0.95], [4, 4, 1, 0.8]])
        #expect(ranges.filter { $0.track == 0 }.map { [$0.start, $0.end] } == [[1, 2]])
        #expect(ranges.filter { $0.track == 1 }.map { [$0.start, $0.end] } == [[2, 2], [4, 4]])
    }

    @Test func aVideoIsFakeOnlyWhenSeveralFramesOrATrackSaySo() throws {
        let pipeline = Pipeline(name: "stub", gate: StubGate(), experts: [])
        let detector = VideoDetector(pipeline: pipeline)
        func verdict(_ frames: [VideoResult.FrameScore], metadata: [String: String] = [:]) -> (Verdict, VideoResult) {
            var result = VideoResult(id: "v", sha256: nil, info: VideoInfo(container: "mp4", codec: "h264", width: 1, height: 1, rotation: 0,
                                                                     duration: 1, frameRate: 1, declaredFrames: nil, hasAudio: false, metadata: metadata),
                                     sampling: FrameSampling(), verdict: .uncertain, basis: .none, reason: "", pFake: nil, framesDecoded: frames.count,
                                     frames: frames, tracks: VideoDetector.tracks(frames), suspicious: VideoDetector.ranges(frames),
                                     evidence: VideoDetector.evidence(in: metadata), errors: [], timingsMs: [:])
            detector.judge(&result)
            return (result.verdict, result)
        }
        let realFrames = (0..<8).map { Self.frame(Double($0), .real, 0.1) }
        #expect(verdict(realFrames).0 == .real)
        // One fake frame among eight: not enough.
        var one = realFrames
        one[3] = Self.frame(3, .fake, 0.9)
        #expect(verdict(one).0 == .uncertain)
        // A quarter of the frames: fake, and the reason points at the seconds.
        var two = one
        two[4] = Self.frame(4, .fake, 0.92)
        let (fake, result) = verdict(two)
        #expect(fake == .fake && result.reason.contains("3.0–4.0 s"))
        // A face track fake over most of its frames, though the frames overall are few.
        var sixteen = (0..<16).map { Self.frame(Double($0), .real, 0.1) }
        sixteen[10] = Self.frame(10, .fake, 0.9, tracks: [0])
        sixteen[11] = Self.frame(11, .fake, 0.9, tracks: [0])
        sixteen[12] = Self.frame(12, .real, 0.3, tracks: [0])
        #expect(verdict(sixteen).0 == .fake && verdict(sixteen).1.tracks.first?.verdict == .fake)
        // Container evidence decides.
        let tagged = verdict(realFrames, metadata: ["encoder": "Sora 2", "title": "kling party"])
        #expect(tagged.0 == .fake && tagged.1.basis == .evidence && tagged.1.evidence == ["encoder=Sora 2"])
        #expect(verdict([]).0 == .uncertain)
    }
}

/// A gate that finds nothing: enough for the verdict rules, which read only frame scores.
struct StubGate: ContentGate {
    func decide(_ image: Image) async throws -> GateDecision { GateDecision(content: .general) }
}

/// The default pipeline on a clip where a face enters from the left, crosses and leaves (scripts/oracles/video_frames.py).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct VideoPipelineTests {
    static func pipeline() throws -> Pipeline {
        let models = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        return try Pipeline.load(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/default.yaml"), models: models)
    }

    @Test func oneTrackFollowsTheFaceWhileItIsInFrame() async throws {
        let detector = VideoDetector(pipeline: try Self.pipeline(), sampling: FrameSampling(mode: .every(seconds: 0.2)))
        let result = try await detector.detect(path: Fixtures.url("video/face-crossing.mp4").path)
        #expect(result.frames.count == 20 && result.framesDecoded == 20 && result.errors.isEmpty)
        // The 110 px face is wholly in the 320 px frame from t = 1 s (x = 0) to t = 1.9 s (x = 99 + 110 < 320).
        let withFace = result.frames.filter { !$0.tracks.isEmpty }
        #expect(withFace.count >= 8, "\(result.frames.map { "\($0.time): \($0.tracks)" })")
        #expect(Set(withFace.flatMap(\.tracks)) == [0], "one face, one track")
        #expect(result.tracks.count == 1 && result.tracks[0].frames == withFace.count)
        let span = try #require(withFace.first?.time)...(try #require(withFace.last?.time))
        // Detected while mostly in frame: after it has half entered (0.5 s) and before it has half left (3.5 s).
        #expect(span.lowerBound >= 0.4 && span.upperBound <= 3.5 && span.contains(1.0) && span.contains(1.8))
        // Frames in which the face was tracked form one run: the track was never lost and found again.
        #expect(withFace.count == Int(((span.upperBound - span.lowerBound) / 0.2).rounded()) + 1)
        // No evidence expert ran on a frame: a frame has no file of its own.
        #expect(!detector.pipeline.experts.contains { $0.roles.contains(.evidence) })
    }
}

/// A clip's C2PA manifest decides its verdict as an image's does (Tests/Fixtures/c2pa, signed by c2pa-rs).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct VideoProvenanceTests {
    @Test(arguments: ["signed-es256.mp4", "signed-es256.mov"])
    func aSignedGenerativeClaimMakesTheVideoFake(_ clip: String) async throws {
        let detector = VideoDetector(pipeline: try VideoPipelineTests.pipeline())
        #expect(detector.provenance != nil, "the default pipeline's provenance expert reads the container")
        let result = try await detector.detect(path: Fixtures.url("c2pa/\(clip)").path)
        #expect(result.verdict == .fake && result.basis == .evidence)
        #expect(result.evidence.first?.contains("trainedAlgorithmicMedia") == true && result.c2pa?.hasPrefix("Valid") == true)
    }

    @Test(arguments: ["mp4-mdat-byte-changed.mp4", "mp4-pasted-manifest.mp4", "mov-box-inserted.mov"])
    func aTamperedClipsManifestIsNoEvidence(_ clip: String) async throws {
        let result = try await VideoDetector(pipeline: try VideoPipelineTests.pipeline()).detect(path: Fixtures.url("c2pa/\(clip)").path)
        #expect(result.basis != .evidence && result.evidence.isEmpty)
        #expect(result.c2pa?.hasPrefix("Invalid") == true)
    }
}
