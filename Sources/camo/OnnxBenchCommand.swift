import ArgumentParser
import CAMORuntime
import Foundation

struct OnnxBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a model's runs: median, p90 and minimum latency.",
        discussion: """
            Inputs come from --inputs DIR (input_N.pb) when given, else arange(n)/n per input with
            symbolic dimensions set to 1. Each timed run includes handing inputs over and copying
            outputs out, as a caller sees it.
            """
    )

    @Argument(help: "The .onnx file.")
    var model: String

    @Option(help: "Threads of the global intra-op pool (default: every core).")
    var threads: Int?

    @Option(help: "Timed runs.")
    var runs = 20

    @Option(help: "Untimed runs first.")
    var warmup = 3

    @Option(name: .customLong("inputs"), help: "Folder with input_N.pb to run on.")
    var inputsFolder: String?

    func run() throws {
        guard runs > 0, warmup >= 0 else { throw ValidationError("--runs must be positive and --warmup not negative") }
        if let threads {
            guard threads > 0 else { throw ValidationError("--threads must be positive") }
            // Spinning on, as Python onnxruntime has it, so a comparison measures the binding alone.
            try RuntimeEnvironment.configure(RuntimeEnvironment.Options(intraOpThreads: threads, allowSpinning: true))
        }
        let session = try InferenceSession(contentsOf: URL(fileURLWithPath: model))
        let feeds = try inputsFolder.map { try ModelTestSet(folder: URL(fileURLWithPath: $0)).feeds(for: session) }
            ?? LightModelInputs.feeds(for: session)
        for _ in 0..<warmup { _ = try session.run(feeds) }
        var milliseconds: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try session.run(feeds)
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let summary = TimingSummary(milliseconds)
        let environment = try RuntimeEnvironment.shared()
        print("\(URL(fileURLWithPath: model).lastPathComponent): threads \(environment.options.intraOpThreads), runs \(runs), warmup \(warmup)")
        print(String(format: "median %.3f ms  p90 %.3f ms  min %.3f ms", summary.median, summary.p90, summary.minimum))
    }
}
