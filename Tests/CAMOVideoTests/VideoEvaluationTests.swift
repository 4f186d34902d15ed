import CAMO
import CAMOEval
import CAMOTesting
import CAMOVideo
import Foundation
import Testing

/// `camo eval video`: an ImageFolder of clips measured per video and per frame.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct VideoEvaluationTests {
    @Test func aFolderOfClipsIsMeasuredPerVideoAndPerFrame() async throws {
        let root = try Fixtures.temporaryDirectory("camo-video-eval")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        for folder in ["real", "fake"] { try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true) }
        for (source, target) in [("video/face-h264-audio.mp4", "real/a.mp4"), ("video/vfr.mkv", "real/b.mkv"), ("video/flux-vp9.webm", "fake/c.webm"),
                                 ("c2pa/signed-es256.mp4", "fake/d.mp4")] {
            try manager.copyItem(at: Fixtures.url(source), to: root.appendingPathComponent(target))
        }
        // An image beside them is not a video: left out.
        try manager.copyItem(at: Fixtures.url("mirror/jpeg-quality/q075-420.jpg"), to: root.appendingPathComponent("real/photo.jpg"))
        let dataset = try VideoEvaluation.dataset(at: root)
        #expect(dataset.items.map(\.id) == ["real/a.mp4", "real/b.mkv", "fake/c.webm", "fake/d.mp4"])
        let detector = VideoDetector(pipeline: try VideoPipelineTests.pipeline(), sampling: FrameSampling(mode: .every(seconds: 0.5)))
        let report = await VideoEvaluation(detector: detector).evaluate(dataset)
        #expect(report.videos == 4 && report.failed == 0)
        let byID = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        #expect(byID["fake/d.mp4"]?.verdict == .fake && byID["fake/d.mp4"]?.basis == .evidence)
        #expect(report.verdicts["fake"]?["fake"] == 1 && report.verdicts["real"]?["fake"] == nil)
        // The per-video metrics are those of the rows' scores; per frame, one entry per judged frame.
        let scored = report.rows.filter { $0.pFake != nil }
        let expected = BinaryMetrics(labels: scored.map(\.isFake), scores: scored.compactMap(\.pFake), threshold: 0.5)
        #expect(report.perVideo == expected)
        #expect(report.perFrame?.count == report.rows.map(\.frames).reduce(0, +))
        #expect(report.perFrameRaw?.count == report.perFrame?.count)
        #expect(report.markdown.contains("| per video | 4 | 2 |"))
    }

    @Test func aFolderWithoutVideosIsRefused() throws {
        let root = try Fixtures.temporaryDirectory("camo-video-eval-empty")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("mirror/jpeg-quality/q075-420.jpg"), to: root.appendingPathComponent("real/photo.jpg"))
        #expect(throws: EvaluationError.self) { try VideoEvaluation.dataset(at: root) }
    }
}
