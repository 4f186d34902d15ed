import ArgumentParser
import CAMO
import CAMOEval
import Foundation

struct EvalRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Score a labelled dataset and write results.json, report.md and report.html.",
        discussion: "DATASET is a manifest CSV (path,label,…), a folder with manifest.csv, an ImageFolder (real/, fake/) "
            + "or a Hugging Face imagefolder (metadata.csv or metadata.jsonl). Predictions are cached per (image, pipeline, "
            + "augmentation), so a re-run or an interrupted run resumes. Progress goes to standard error."
    )

    @Argument(help: "The labelled dataset.")
    var dataset: String

    @Option(help: "Pipeline YAML (default: pipelines/default.yaml).")
    var pipeline: String?

    @Flag(help: "Also score each expert alone on the images routed to it, and forced onto every image.")
    var baselines = false

    @Option(help: "Robustness level: none, L0, L1, L2, L3 or chain.")
    var augment: String = "none"

    @Option(help: "Seed of the augmentations and of the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: "Score only part i of n (i/n); combine the parts with `camo eval merge`.")
    var shard: String?

    @Option(help: "Where the reports go.")
    var out: String = "eval-out"

    @Option(help: "Prediction cache file (default: OUT/../.camo-eval-cache.jsonl).")
    var cache: String?

    @Option(help: "Images judged at once.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var progressOptions: ProgressOptions

    @Option(help: "Bootstrap resamples for the 95% intervals.")
    var resamples: Int = 1000

    @OptionGroup var budget: ErrorBudgetOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if resamples < 1 { throw ValidationError("--resamples must be at least 1") }
        try budget.validate()
    }

    func run() async throws {
        let level = try AugmentationLevel(parsing: augment)
        let shard = try shard.map { try Shard(parsing: $0) }
        let datasetURL = URL(fileURLWithPath: dataset)
        let data = try Dataset.load(at: datasetURL)
        let pipelineURL = pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline
        var loaded = try Pipeline.load(contentsOf: pipelineURL, models: try ModelRegistry(contentsOf: CamoHome.registry))
        budget.apply(to: &loaded)
        // A budget from the flags changes verdicts, so cached predictions made under another one must not answer.
        let hash = try CamoHome.configurationHash(pipeline: pipelineURL) + budget.cacheSuffix
        let systems = baselines ? loaded.systemsWithBaselines(hash: hash) : [EvaluatedSystem(name: loaded.name, hash: hash, scorer: loaded)]

        let output = URL(fileURLWithPath: out)
        let cacheURL = cache.map { URL(fileURLWithPath: $0) }
            ?? output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(".camo-eval-cache.jsonl")
        let runner = EvaluationRunner(options: .init(concurrency: concurrency, augmentation: level, seed: seed, shard: shard),
                                      cache: try PredictionCache(url: cacheURL))
        let session = EvaluationSession(
            datasetName: datasetURL.standardizedFileURL.lastPathComponent, pipelineName: loaded.name, pipelineHash: hash,
            camoVersion: CamoVersion.description, runner: runner,
            builder: ReportBuilder(options: .init(threshold: loaded.aggregation.threshold,
                                                  bootstrap: .init(resamples: resamples, seed: seed))))
        if !data.missing.isEmpty {
            FileHandle.standardError.write(Data("\(data.missing.count) listed files are missing (see report.md)\n".utf8))
        }
        let clock = ContinuousClock()
        let start = clock.now
        let total = shard.map { s in data.items.indices.count(where: { s.contains(position: $0) }) } ?? data.items.count
        let progress = TerminalProgress(total: total, enabled: progressOptions.choice)
        let results = try await session.run(data, systems: systems, output: output, progress: progress.update)
        progress.finish()
        let seconds = (clock.now - start) / .seconds(1)
        FileHandle.standardError.write(Data(String(format: "%d images in %.1f s\n", total, seconds).utf8))
        for system in results.systems {
            guard let m = system.overall.metrics else { print("\(system.system): no scored images"); continue }
            let auc = m.rocAUC.map { String(format: "%.3f", $0) } ?? "–"
            print("\(system.system): \(system.overall.scored)/\(system.overall.images) scored  "
                + String(format: "acc %.3f  F1 %.3f  MCC %.3f  ", m.accuracy, m.f1, m.mcc) + "AUC \(auc)  "
                + String(format: "Brier %.3f", m.brier))
            if let s = system.overall.selective {
                let share = { (value: Double?) in value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
                print("  verdicts: coverage \(share(s.coverage)), accuracy of definite \(share(s.definiteAccuracy)), "
                    + "reals called fake \(share(s.realsCalledFake)), fakes called real \(share(s.fakesCalledReal))"
                    + (system.rawRocAUC.map { String(format: "; AUC of raw scores %.3f", $0) } ?? ""))
            }
        }
        print("reports in \(out)/ (results.json, report.md, report.html)")
    }
}
