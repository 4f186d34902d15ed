import ArgumentParser
import CAMO
import CAMOEval
import Foundation

/// What every `camo train` command shares: the data, the pipeline whose parts are trained, the study's settings.
struct TrainOptions: ParsableArguments {
    @Argument(help: "The labelled dataset (manifest CSV, ImageFolder or Hugging Face imagefolder); `source` groups the folds.")
    var dataset: String

    @Option(help: "Pipeline YAML whose trainable parts are fitted (default: pipelines/default.yaml).")
    var pipeline: String?

    @Option(help: "Folder for the trained files, study.json and study.md.")
    var out: String

    @Option(help: "Training-row cache (default: OUT/../.camo-train-cache.jsonl).")
    var cache: String?

    @Option(help: "Cross-validation folds, grouped by source.")
    var folds: Int = 5

    @Option(help: "Seed of the folds, the training copies, the augmentations and the trees.")
    var seed: UInt64 = 0

    @Option(help: "Shortcut-controlled training copies per image.")
    var copies: Int = 2

    @Option(help: "Images processed at once.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if copies < 1 { throw ValidationError("--copies must be at least 1") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    /// Trains, writes the files of `parts` (nil: all) and prints the study's headline numbers.
    func train(parts: Set<String>?) async throws {
        let pipelineURL = pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline
        let loaded = try Pipeline.load(contentsOf: pipelineURL, models: try ModelRegistry(contentsOf: CamoHome.registry),
                                       allowsUntrainedExperts: true, loadsCalibration: false)
        let key = try CamoHome.configurationHash(pipeline: pipelineURL, includingCalibration: false, includingTrainedFiles: false)
        let output = URL(fileURLWithPath: out)
        let cacheURL = cache.map { URL(fileURLWithPath: $0) }
            ?? output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(".camo-train-cache.jsonl")
        let session = TrainingSession(pipeline: loaded, pipelineKey: key, options: .init(
            folds: folds, seed: seed, copies: copies, concurrency: concurrency, cacheURL: cacheURL))
        let data = try Dataset.load(at: URL(fileURLWithPath: dataset))
        let progress = TerminalProgress(total: data.items.count, enabled: progressOptions.choice)
        let outcome = try await session.run(data) { done, total, failed in
            progress.draw(done: done, total: total, cached: 0, note: failed > 0 ? "\(failed) unusable" : "")
        }
        progress.finish()
        for (id, reason) in outcome.failures.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(Data("skipped \(id): \(reason)\n".utf8))
        }
        let command = (["camo"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let written = try outcome.write(to: output, command: command, parts: parts)
        for cell in outcome.report.cells where cell.variant == "reencode" || cell.variant == "none" {
            let auc = cell.auc.map { String(format: "%.3f", $0) } ?? "–"
            print("\(cell.variant)\t\(cell.system)\tAUC \(auc)\tMCC \(String(format: "%.3f", cell.mcc))")
        }
        print("wrote \(written.map(\.lastPathComponent).joined(separator: ", ")) in \(out)/")
    }
}
