import ArgumentParser
import CAMO
import CAMOVideo
import CAMOVision
import Foundation

struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Say whether images and videos are AI-generated or manipulated, and why.",
        discussion: "PATH may be a file, a folder (searched recursively), a glob, or - for bytes on standard input. "
            + "A video (MP4, MOV, WebM, MKV, …) is judged frame by frame (docs/video.md). "
            + "Exit status: 0 when every input was judged, 1 when any could not be, 2 for usage errors."
    )

    @Argument(help: "Images, folders, globs, or - for standard input.")
    var paths: [String]

    @Option(help: "Pipeline YAML (default: pipelines/default.yaml).")
    var pipeline: String?

    @Option(help: "Scores above this are fake, for a pipeline without a calibration (default: the pipeline's).")
    var threshold: Double?

    @OptionGroup var budget: ErrorBudgetOptions

    @Flag(help: "Print one JSON array of results.")
    var json = false

    @Flag(help: "Print one JSON result per line, as each image finishes in input order.")
    var jsonl = false

    @Flag(help: "Print CSV for spreadsheets: path, verdict, p_fake, p_fake_raw, basis, reason, route, one column per expert.")
    var csv = false

    @Flag(help: "Also detect objects when the pipeline reads none (the default one does not): about 20 ms an image.")
    var objects = false

    @OptionGroup var progress: ProgressOptions

    @OptionGroup var video: VideoOptions

    @Option(help: "Images judged at once (default: the number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if [json, jsonl, csv].filter({ $0 }).count > 1 { throw ValidationError("choose one of --json, --jsonl and --csv") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
        try budget.validate()
    }

    func run() async throws {
        let (imagePaths, videos) = VideoInputs.split(paths)
        let inputs = imagePaths.isEmpty ? [] : ImageInputs.collect(imagePaths)
        guard !inputs.isEmpty || !videos.isEmpty else { throw ValidationError("no images found in \(paths.joined(separator: " "))") }
        if json && !inputs.isEmpty && !videos.isEmpty {
            throw ValidationError("--json prints one array: give images and videos separately, or use --jsonl")
        }

        let models = try ModelRegistry(contentsOf: CamoHome.registry)
        var loaded = try Pipeline.load(contentsOf: pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline, models: models)
        if let threshold { loaded.aggregation.threshold = threshold }
        budget.apply(to: &loaded)
        if objects { loaded = loaded.detectingObjects() }

        let format: DetectionPrinter.Format = json ? .jsonArray : jsonl ? .jsonLines : csv ? .csv : .table
        var failures = 0
        if !inputs.isEmpty {
            let printer = DetectionPrinter(format: format, total: inputs.count, expertNames: loaded.experts.map(\.name),
                                           progress: progress.choice)
            await loaded.detect(inputs, concurrency: concurrency) { index, result in
                await printer.add(result, at: index)
            }
            failures += await printer.finish()
        }
        if !videos.isEmpty { failures += await detectVideos(videos, pipeline: loaded, format: format) }
        if failures > 0 { throw ExitCode(1) }
    }

    /// One video at a time: each already keeps the cores busy (decoding threads, the pipeline per frame).
    private func detectVideos(_ videos: [String], pipeline: Pipeline, format: DetectionPrinter.Format) async -> Int {
        let printer = VideoPrinter(format: format)
        if format != .jsonArray { printer.header() }
        let detector = VideoDetector(pipeline: pipeline, sampling: video.sampling)
        var results: [VideoResult] = []
        var failures = 0
        for path in videos {
            let bar = TerminalProgress(enabled: progress.choice)
            do {
                let result = try await detector.detect(path: path) { time, duration in
                    bar.draw(done: Int(time), total: Int((duration ?? time).rounded(.up)), cached: 0, note: "s of \(path)")
                }
                bar.finish()
                if !result.errors.isEmpty { failures += 1 }
                format == .jsonArray ? results.append(result) : printer.print(result)
            } catch {
                bar.finish()
                failures += 1
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if format == .jsonArray { printer.printArray(results) }
        return failures
    }
}
