import ArgumentParser
import CAMO
import Foundation

struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Say whether images are AI-generated or manipulated, and why.",
        discussion: "PATH may be a file, a folder (searched recursively), a glob, or - for bytes on standard input. "
            + "Exit status: 0 when every image was judged, 1 when any could not be, 2 for usage errors."
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

    @Option(help: "Images judged at once (default: the number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if [json, jsonl, csv].filter({ $0 }).count > 1 { throw ValidationError("choose one of --json, --jsonl and --csv") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
        try budget.validate()
    }

    func run() async throws {
        let inputs = ImageInputs.collect(paths)
        guard !inputs.isEmpty else { throw ValidationError("no images found in \(paths.joined(separator: " "))") }

        let models = try ModelRegistry(contentsOf: CamoHome.registry)
        var loaded = try Pipeline.load(contentsOf: pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline, models: models)
        if let threshold { loaded.aggregation.threshold = threshold }
        budget.apply(to: &loaded)
        if objects { loaded = loaded.detectingObjects() }

        let format: DetectionPrinter.Format = json ? .jsonArray : jsonl ? .jsonLines : csv ? .csv : .table
        let printer = DetectionPrinter(format: format, total: inputs.count, expertNames: loaded.experts.map(\.name),
                                       progress: progress.choice)
        await loaded.detect(inputs, concurrency: concurrency) { index, result in
            await printer.add(result, at: index)
        }
        let failures = await printer.finish()
        if failures > 0 { throw ExitCode(1) }
    }
}
