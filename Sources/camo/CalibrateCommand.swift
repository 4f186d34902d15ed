import ArgumentParser
import CAMO
import CAMOEval
import CAMOLearn
import Foundation

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a pipeline's calibration: monotone score maps and the data behind its verdict thresholds.",
        discussion: "DATASET is any data set `camo eval` reads. Every image, real or fake, goes through the same transform "
            + "(default reencode: longest side ≤ 512, JPEG q85), so that no format shortcut is learned. Maps are fitted out of "
            + "source (folds grouped by the --group-by column); an expert whose out-of-source AUC interval reaches 0.5 gets a "
            + "flat map. Name the file in the pipeline with `calibration: FILE`."
    )

    @Argument(help: "The labelled calibration data set.")
    var dataset: String

    @Option(help: "Pipeline YAML (default: pipelines/default.yaml).")
    var pipeline: String?

    @Option(help: "The calibration file to write.")
    var out: String

    @Option(help: "Transform every image goes through first: reencode, none, L0, L1, L2, L3 or chain.")
    var transform: String = "reencode"

    @Option(help: "Manifest column that groups images for the out-of-source folds.")
    var groupBy: String = "source"

    @Option(help: "Grouped cross-validation folds.")
    var folds: Int = 5

    @Option(help: "Usable images each class needs (and each expert, to be measured).")
    var minimumPerClass: Int = 20

    @Option(help: "Map: isotonic, or platt (constrained to increase).")
    var method: String = "isotonic"

    @Option(help: "Seed of the folds, the transform and the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: "Prediction cache file (default: beside OUT, .camo-eval-cache.jsonl).")
    var cache: String?

    @Option(help: "Images judged at once.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if minimumPerClass < 1 { throw ValidationError("--minimum-per-class must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if CalibrationMethod(rawValue: method) == nil { throw ValidationError("--method must be isotonic or platt") }
    }

    func run() async throws {
        let level = try AugmentationLevel(parsing: transform)
        let datasetURL = URL(fileURLWithPath: dataset)
        let data = try Dataset.load(at: datasetURL)
        let pipelineURL = pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline
        let loaded = try Pipeline.load(contentsOf: pipelineURL, models: try ModelRegistry(contentsOf: CamoHome.registry),
                                       loadsCalibration: false)
        let output = URL(fileURLWithPath: out)
        let cacheURL = cache.map { URL(fileURLWithPath: $0) }
            ?? output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(".camo-eval-cache.jsonl")
        let session = CalibrationSession(
            pipeline: loaded,
            runner: EvaluationRunner(options: .init(concurrency: concurrency, augmentation: level, seed: seed),
                                     cache: try PredictionCache(url: cacheURL)),
            fitter: CalibrationFitter(options: .init(folds: folds, minimumPerClass: minimumPerClass, seed: seed,
                                                     method: CalibrationMethod(rawValue: method) ?? .isotonic)),
            groupColumn: groupBy)
        let progress = TerminalProgress(total: data.items.count, enabled: progressOptions.choice)
        let calibration = try await session.run(
            data, datasetName: datasetURL.standardizedFileURL.lastPathComponent,
            systemHash: try CamoHome.configurationHash(pipeline: pipelineURL, includingCalibration: false),
            provenance: ["command": (["camo"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                         "camo_version": CamoVersion.description,
                         "created_at": ISO8601DateFormatter().string(from: Date())],
            progress: progress.update)
        progress.finish()
        try calibration.write(to: output)
        print(CalibrationSummary(calibration: calibration, budget: loaded.errorBudget).text)
        print("wrote \(out); name it in the pipeline with `calibration: <path relative to the pipeline file>`")
    }
}
