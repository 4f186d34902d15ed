import ArgumentParser

struct OnnxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx",
        abstract: "Inspect, run and benchmark ONNX models through ONNX Runtime.",
        subcommands: [OnnxInspectCommand.self, OnnxRunCommand.self, OnnxBenchCommand.self]
    )
}
