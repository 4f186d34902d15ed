import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// Real models against outputs recorded by other runtimes: the shared model zoo's test sets
/// (Python onnxruntime) and the `light_*` models of the onnx wheel (onnx's own reference outputs).
struct ModelZooTests {
    @Test(.enabled(if: RuntimeTestSupport.sharedModelsAvailable))
    func everySharedModelMatchesItsTestSets() throws {
        var checked = 0
        for model in RuntimeTestSupport.sharedModelsWithTestSets {
            let session = try InferenceSession(contentsOf: model)
            for folder in ModelTestSet.folders(besideModel: model) {
                let set = try ModelTestSet(folder: folder)
                let results = try session.run(set.feeds(for: session))
                #expect(set.outputs.count == session.outputs.count, "\(folder.path)")
                for (index, expected) in set.outputs.enumerated() {
                    let name = session.outputs[index].name
                    let comparison = TensorComparison(actual: try #require(results[name]), expected: expected.tensor)
                    #expect(comparison.isWithinTolerance, "\(folder.path) output \(name): \(comparison)")
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    /// The nine light models, fed `arange(n)/n` for each input, as onnx's backend test runner does.
    @Test(.enabled(if: RuntimeTestSupport.lightModelsAvailable), arguments: [
        "bvlc_alexnet", "densenet121", "inception_v1", "inception_v2", "resnet50", "shufflenet", "squeezenet",
        "vgg19", "zfnet512",
    ])
    func lightModelMatchesONNXReference(name: String) throws {
        let folder = try #require(RuntimeTestSupport.lightModelsDirectory)
        let session = try InferenceSession(contentsOf: folder.appendingPathComponent("light_\(name).onnx"))
        let feeds = try LightModelInputs.feeds(for: session)
        let expected = try TensorProto.read(contentsOf: folder.appendingPathComponent("light_\(name)_output_0.pb"))
        let output = try #require(try session.run(feeds, outputs: [session.outputs[0].name]).values.first)
        let comparison = TensorComparison(actual: output, expected: expected.tensor)
        #expect(comparison.isWithinTolerance, "light_\(name): \(comparison)")
    }
}
