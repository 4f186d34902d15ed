import ArgumentParser
import CAMORuntime
import Foundation

struct OnnxInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's inputs, outputs, opsets, producer, parameter count and operators."
    )

    @Argument(help: "The .onnx file.")
    var model: String

    func run() throws {
        let url = URL(fileURLWithPath: model)
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw RuntimeError.modelUnreadable(model: url.path, reason: String(describing: error))
        }
        let onnx: ONNXModel
        do { onnx = try ONNXModel(bytes: bytes) } catch { throw RuntimeError.notONNX(model: url.path, reason: error) }
        let opsets = onnx.operatorSets.map { "\($0.domain.isEmpty ? "ai.onnx" : $0.domain) \($0.version)" }
        print("model:      \(url.path) (\(bytes.count) bytes, sha256 \(SHA256.hexDigest(bytes)))")
        print("producer:   \([onnx.producerName, onnx.producerVersion].filter { !$0.isEmpty }.joined(separator: " "))")
        print("ir version: \(onnx.irVersion), opsets: \(opsets.joined(separator: ", "))")
        if !onnx.graphName.isEmpty { print("graph:      \(onnx.graphName)") }
        print("inputs:")
        for input in onnx.inputs { print("  \(input)") }
        print("outputs:")
        for output in onnx.outputs { print("  \(output)") }
        print("parameters: \(onnx.parameterCount) in \(onnx.initializerCount) initializers")
        if !onnx.externalDataLocations.isEmpty {
            print("external data: \(Set(onnx.externalDataLocations).sorted().joined(separator: ", "))")
        }
        print("operators (\(onnx.nodeCount) nodes):")
        for (op, count) in onnx.operatorCounts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            print("  \(op.padding(toLength: 24, withPad: " ", startingAt: 0)) \(count)")
        }
    }
}
