import CAMORuntime
import CAMOTesting
import Foundation
import Testing

@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled))
struct InferenceSessionTests {
    let conv = RuntimeTestSupport.fixture("tiny_conv.onnx")

    /// Conv + Relu against a float64 numpy reference written by scripts/oracles/runtime_fixtures.py.
    @Test func tinyConvMatchesNumpy() throws {
        let session = try InferenceSession(contentsOf: conv)
        let set = try ModelTestSet(folder: RuntimeTestSupport.fixture("tiny_conv_test/test_data_set_0"))
        let results = try session.run(set.feeds(for: session))
        let comparison = TensorComparison(actual: try #require(results["y"]), expected: set.outputs[0].tensor)
        #expect(comparison.isWithinTolerance, "\(comparison)")
        #expect(comparison.maxAbsoluteError < 1e-5)
    }

    @Test func asyncRunGivesTheSameResult() async throws {
        let session = try InferenceSession(contentsOf: conv)
        let set = try ModelTestSet(folder: RuntimeTestSupport.fixture("tiny_conv_test/test_data_set_0"))
        let synchronous = try Self.runBlocking(session, set.feeds(for: session))
        let asynchronous: [String: Tensor] = try await session.run(set.feeds(for: session))
        #expect(synchronous == asynchronous)
    }

    /// The blocking `run`, which an async context would otherwise not pick.
    static func runBlocking(_ session: InferenceSession, _ feeds: [String: Tensor]) throws -> [String: Tensor] {
        try session.run(feeds)
    }

    @Test func selectedOutputsOnly() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("identity_types.onnx"))
        var feeds: [String: Tensor] = [:]
        for input in session.inputs {
            let type = try #require(input.elementType)
            feeds[input.name] = try Tensor(elementType: type, shape: [1, 2], bytes: [UInt8](repeating: 1, count: 2 * type.byteWidth))
        }
        let results = try session.run(feeds, outputs: ["out_int8"])
        #expect(Array(results.keys) == ["out_int8"])
        #expect(try results["out_int8"]?.scalars(as: Int8.self) == [1, 1])
    }

    /// Several tasks share one session at once; every result equals the sequential one.
    @Test func concurrentRunsOnOneSessionAgree() async throws {
        let session = try InferenceSession(contentsOf: conv)
        var inputs: [Tensor] = []
        for seed in 0..<8 {
            let values: [Float] = (0..<50).map { index in Float((index * 7 + seed * 13) % 17) / 17 - 0.5 }
            inputs.append(try Tensor(shape: [1, 2, 5, 5], scalars: values))
        }
        let expected = try inputs.map { try Self.runBlocking(session, ["x": $0]) }
        try await withThrowingTaskGroup(of: (Int, [String: Tensor]).self) { group in
            for round in 0..<64 {
                let index = round % inputs.count
                let tensor = inputs[index]
                group.addTask { (index, try await session.run(["x": tensor])) }
            }
            for try await (index, result) in group {
                #expect(result == expected[index])
            }
        }
    }

    @Test func checksumIsVerifiedWhenGiven() throws {
        let digests = try JSONDecoder().decode([String: String].self, from: Fixtures.data("runtime/sha256.json"))
        let good = try #require(digests["tiny_conv.onnx"])
        _ = try InferenceSession(contentsOf: conv, options: SessionOptions(expectedSHA256: good.uppercased()))
        let wrong = String(good.reversed())
        #expect(throws: RuntimeError.checksumMismatch(model: conv.path, expected: wrong, actual: good)) {
            _ = try InferenceSession(contentsOf: conv, options: SessionOptions(expectedSHA256: wrong))
        }
    }

    @Test(arguments: [SessionOptions.GraphOptimization.disabled, .basic, .extended, .all])
    func optionsDoNotChangeResults(level: SessionOptions.GraphOptimization) throws {
        let set = try ModelTestSet(folder: RuntimeTestSupport.fixture("tiny_conv_test/test_data_set_0"))
        let options = SessionOptions(graphOptimization: level, memoryPattern: level != .all, cpuArena: level != .basic)
        let session = try InferenceSession(contentsOf: conv, options: options)
        let result = try #require(try session.run(set.feeds(for: session))["y"])
        #expect(TensorComparison(actual: result, expected: set.outputs[0].tensor).isWithinTolerance)
    }

    @Test func externalDataInsideTheFolderLoads() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("external_ok/model.onnx"))
        let y = try session.run(["x": try Tensor(shape: [4], scalars: [Float](arrayLiteral: 1, 1, 1, 1))])["y"]
        #expect(try y?.scalars(as: Float.self) == [1, 1.5, 2, 2.5])
    }

    @Test func externalDataOutsideTheFolderIsRefused() throws {
        let url = RuntimeTestSupport.fixture("external_escape/model.onnx")
        #expect(throws: RuntimeError.externalDataOutsideModelFolder(model: url.path, location: "../external_ok/weights.bin")) {
            _ = try InferenceSession(contentsOf: url)
        }
    }

    @Test func externalDataOfAnAttributeTensorIsChecked() throws {
        let url = RuntimeTestSupport.fixture("external_constant/model.onnx")
        #expect(throws: RuntimeError.externalDataOutsideModelFolder(model: url.path, location: "/etc/hostname")) {
            _ = try InferenceSession(contentsOf: url)
        }
    }

    @Test func missingExternalDataIsReported() throws {
        let url = RuntimeTestSupport.fixture("external_missing/model.onnx")
        #expect(throws: RuntimeError.externalDataMissing(model: url.path, location: "absent.bin")) {
            _ = try InferenceSession(contentsOf: url)
        }
    }

    @Test func missingFileIsUnreadable() throws {
        let url = RuntimeTestSupport.fixture("no_such_model.onnx")
        #expect {
            _ = try InferenceSession(contentsOf: url)
        } throws: { error in
            guard case .modelUnreadable(let model, _) = error as? RuntimeError else { return false }
            return model == url.path
        }
    }

    @Test func nonONNXFileIsRefusedBeforeORTSeesIt() throws {
        let url = RuntimeTestSupport.fixture("tensors/expected.json")
        #expect {
            _ = try InferenceSession(contentsOf: url)
        } throws: { error in
            guard case .notONNX(let model, _) = error as? RuntimeError else { return false }
            return model == url.path && String(describing: error).contains("is not an ONNX model")
        }
    }

    @Test func truncatedModelIsRefused() throws {
        let bytes = try Data(contentsOf: conv)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("truncated.onnx")
        try bytes.prefix(bytes.count - 40).write(to: url)
        #expect {
            _ = try InferenceSession(contentsOf: url)
        } throws: { error in
            guard case .notONNX(_, .lengthOutOfBounds) = error as? RuntimeError else { return false }
            return true
        }
    }

    @Test func wrongInputNameIsNamed() throws {
        let session = try InferenceSession(contentsOf: conv)
        let tensor = try Tensor(shape: [1, 2, 5, 5], scalars: [Float](repeating: 0, count: 50))
        #expect(throws: RuntimeError.unknownInput(model: "tiny_conv.onnx", name: "image", expected: ["x"])) {
            _ = try session.run(["image": tensor])
        }
        #expect(throws: RuntimeError.missingInput(model: "tiny_conv.onnx", name: "x")) {
            _ = try session.run([:])
        }
        #expect(throws: RuntimeError.unknownOutput(model: "tiny_conv.onnx", name: "z", available: ["y"])) {
            _ = try session.run(["x": tensor], outputs: ["z"])
        }
    }

    @Test func wrongElementTypeIsNamed() throws {
        let session = try InferenceSession(contentsOf: conv)
        let tensor = try Tensor(shape: [1, 2, 5, 5], scalars: [Int32](repeating: 0, count: 50))
        #expect(throws: RuntimeError.elementTypeMismatch(model: "tiny_conv.onnx", input: "x", expected: "float32", given: .int32)) {
            _ = try session.run(["x": tensor])
        }
    }

    @Test func wrongRankAndDimensionAreNamed() throws {
        let session = try InferenceSession(contentsOf: conv)
        let expected: [TensorInfo.Dimension] = [.symbolic("N"), .fixed(2), .fixed(5), .fixed(5)]
        let rank3 = try Tensor(shape: [2, 5, 5], scalars: [Float](repeating: 0, count: 50))
        #expect(throws: RuntimeError.shapeMismatch(model: "tiny_conv.onnx", input: "x", expected: expected, given: [2, 5, 5])) {
            _ = try session.run(["x": rank3])
        }
        let wrongWidth = try Tensor(shape: [1, 2, 5, 6], scalars: [Float](repeating: 0, count: 60))
        #expect {
            _ = try session.run(["x": wrongWidth])
        } throws: { error in
            String(describing: error) == "model tiny_conv.onnx input 'x' expects shape [N, 2, 5, 5], given [1, 2, 5, 6]"
        }
    }
}
