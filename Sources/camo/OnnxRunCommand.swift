import ArgumentParser
import CAMORuntime
import Foundation

struct OnnxRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model on input_N.pb files; write output_N.pb, or compare with the ones there.",
        discussion: """
            DIR holds input_0.pb, input_1.pb, … (ONNX TensorProto, in graph input order). When DIR
            has no output_N.pb the outputs are written there; otherwise each output is compared with
            its file and the largest absolute and relative errors are printed.
            """
    )

    @Argument(help: "The .onnx file.")
    var model: String

    @Option(name: .customLong("inputs"), help: "Folder with input_N.pb (and optionally output_N.pb).")
    var inputsFolder: String

    @Flag(help: "Exit with status 1 when an output is outside tolerance or has no expected file.")
    var check = false

    @Option(help: "Relative tolerance.")
    var rtol: Float = 1e-3

    @Option(help: "Absolute tolerance.")
    var atol: Float = 1e-4

    func run() async throws {
        let folder = URL(fileURLWithPath: inputsFolder, isDirectory: true)
        let session = try InferenceSession(contentsOf: URL(fileURLWithPath: model))
        let set = try ModelTestSet(folder: folder)
        let results = try await session.run(set.feeds(for: session))
        if set.outputs.isEmpty {
            if check {
                print("no output_N.pb in \(folder.path) to check against")
                throw ExitCode(1)
            }
            for (index, output) in session.outputs.enumerated() {
                guard let tensor = results[output.name] else { continue }
                let file = folder.appendingPathComponent("output_\(index).pb")
                try Data(TensorProto.encode(tensor, name: output.name)).write(to: file)
                print("\(output.name): \(tensor.elementType) \(tensor.shape) → \(file.path)")
            }
            return
        }
        var failed = false
        for (index, output) in session.outputs.enumerated() {
            guard index < set.outputs.count, let tensor = results[output.name] else {
                print("\(output.name): no output_\(index).pb")
                failed = true
                continue
            }
            let comparison = TensorComparison(
                actual: tensor, expected: set.outputs[index].tensor, relativeTolerance: rtol, absoluteTolerance: atol)
            let verdict = comparison.isWithinTolerance ? "ok" : "OUTSIDE TOLERANCE"
            print("\(output.name): max abs error \(comparison.maxAbsoluteError), max rel error \(comparison.maxRelativeError) \(verdict)")
            if let reason = comparison.incompatibility { print("  \(reason)") }
            failed = failed || !comparison.isWithinTolerance
        }
        if check && failed { throw ExitCode(1) }
    }
}
