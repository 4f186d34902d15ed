import Foundation

/// One `test_data_set_N` folder of the ONNX backend-test layout: `input_K.pb` and `output_K.pb`
/// files, numbered from 0 in graph order.
public struct ModelTestSet: Sendable {
    public let folder: URL
    public let inputs: [TensorProto.Named]
    /// Expected outputs; empty when the folder has none yet.
    public let outputs: [TensorProto.Named]

    public init(folder: URL) throws {
        self.folder = folder
        inputs = try Self.read(folder, prefix: "input")
        outputs = try Self.read(folder, prefix: "output")
    }

    /// `<model>_test/test_data_set_*` folders beside a model file, sorted.
    public static func folders(besideModel model: URL) -> [URL] {
        let tests = model.deletingPathExtension().path + "_test"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tests)) ?? []
        return names.filter { $0.hasPrefix("test_data_set_") }.sorted()
            .map { URL(fileURLWithPath: tests).appendingPathComponent($0, isDirectory: true) }
    }

    /// Inputs as feeds for `session`: by the name in the file, or by position when unnamed.
    public func feeds(for session: InferenceSession) -> [String: Tensor] {
        var feeds: [String: Tensor] = [:]
        for (index, input) in inputs.enumerated() {
            let name = input.name.isEmpty && index < session.inputs.count ? session.inputs[index].name : input.name
            feeds[name] = input.tensor
        }
        return feeds
    }

    private static func read(_ folder: URL, prefix: String) throws -> [TensorProto.Named] {
        var result: [TensorProto.Named] = []
        while true {
            let file = folder.appendingPathComponent("\(prefix)_\(result.count).pb")
            guard FileManager.default.fileExists(atPath: file.path) else { return result }
            result.append(try TensorProto.read(contentsOf: file))
        }
    }
}
