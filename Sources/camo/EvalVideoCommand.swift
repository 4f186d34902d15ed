import ArgumentParser
import CAMO
import CAMOEval
import CAMOVideo
import Foundation

struct EvalVideoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video",
        abstract: "Measure a pipeline on labelled videos: metrics per video and per judged frame, verdicts per class.",
        discussion: "DATASET: an ImageFolder (real/, fake/) of video files, or a manifest CSV or Hugging Face imagefolder whose "
            + "entries are videos. Writes video-report.json and video-report.md into --out. See docs/video.md."
    )

    @Argument(help: "The labelled videos.")
    var dataset: String

    @Option(help: "Pipeline YAML (default: pipelines/default.yaml).")
    var pipeline: String?

    @Option(help: "Folder for video-report.json and video-report.md.")
    var out: String = "video-eval"

    @OptionGroup var video: VideoOptions

    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        let data = try VideoEvaluation.dataset(at: URL(fileURLWithPath: dataset))
        let models = try ModelRegistry(contentsOf: CamoHome.registry)
        let loaded = try Pipeline.load(contentsOf: pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline, models: models)
        let bar = TerminalProgress(enabled: progress.choice)
        let report = await VideoEvaluation(detector: VideoDetector(pipeline: loaded, sampling: video.sampling)).evaluate(data) { done, total in
            bar.draw(done: done, total: total, cached: 0)
        }
        bar.finish()
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONConvention.encoder(pretty: true).encode(report).write(to: folder.appendingPathComponent("video-report.json"))
        try Data(report.markdown.utf8).write(to: folder.appendingPathComponent("video-report.md"))
        let f = { (m: BinaryMetrics?) in m.flatMap(\.rocAUC).map { String(format: "%.3f", $0) } ?? "–" }
        print("\(report.videos) videos (\(report.failed) unreadable): ROC AUC per video \(f(report.perVideo)), per frame \(f(report.perFrame))")
        for label in ["fake", "real"] {
            let counts = report.verdicts[label] ?? [:]
            print("  \(label) videos called fake \(counts["fake"] ?? 0), real \(counts["real"] ?? 0), uncertain \(counts["uncertain"] ?? 0)")
        }
        print("report in \(out)/video-report.md")
        if report.failed > 0 { throw ExitCode(1) }
    }
}
