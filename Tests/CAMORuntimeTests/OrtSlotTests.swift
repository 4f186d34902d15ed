import CAMORuntime
import Foundation
import Testing

/// Each `OrtApi` slot the binding uses is exercised by a behaviour it alone produces, so a wrong
/// slot number fails here (a wrong pointer called with the wrong arguments crashes or errs).
@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled))
struct OrtSlotTests {
    @Test func libraryReportsItsVersionAndPath() throws {
        let library = try OnnxRuntimeLibrary.shared()
        let parts = library.version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts.first == 1 && parts[1] >= 5)
        #expect(library.path.contains("libonnxruntime.so"))
        #expect(library.summary.contains(library.version))
    }

    /// CreateSessionOptions, the option setters, CreateSessionFromArray, the status functions:
    /// ONNX Runtime rejects an unknown operator with its own code and message.
    @Test func unknownOperatorIsRejectedWithORTsCodeAndMessage() throws {
        let url = RuntimeTestSupport.fixture("unknown_operator.onnx")
        #expect {
            _ = try InferenceSession(contentsOf: url)
        } throws: { error in
            guard case .onnxRuntime(let code, let message, let context) = error as? RuntimeError else { return false }
            return [.invalidGraph, .fail, .notImplemented].contains(code) && message.contains("NoSuchOperator")
                && context.contains("unknown_operator.onnx")
        }
    }

    /// Session metadata slots: counts, names (freed with the allocator), type info, symbolic dims.
    @Test func metadataMatchesTheModel() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("tiny_conv.onnx"))
        #expect(session.inputs.map(\.name) == ["x"])
        #expect(session.outputs.map(\.name) == ["y"])
        #expect(session.inputs[0].elementType == .float32)
        #expect(session.inputs[0].dimensions == [.symbolic("N"), .fixed(2), .fixed(5), .fixed(5)])
        #expect(session.outputs[0].dimensions == [.symbolic("N"), .fixed(3), .fixed(5), .fixed(5)])
    }

    /// CreateTensorWithDataAsOrtValue, Run, GetTensorTypeAndShape, GetTensorElementType,
    /// GetDimensions, GetTensorMutableData, ReleaseValue: every element type survives a round trip.
    @Test func everyElementTypeRoundTrips() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("identity_types.onnx"))
        let feeds: [String: Tensor] = [
            "in_float32": try Tensor(shape: [3, 2], scalars: [Float](arrayLiteral: 0, 1.5, -2, 3e-3, .infinity, -0.0)),
            "in_float16": try Tensor(shape: [3, 2], scalars: [Float16](arrayLiteral: 0, 1.5, -2, 65504, -1e-3, 7)),
            "in_int64": try Tensor(shape: [3, 2], scalars: [Int64](arrayLiteral: .min, -1, 0, 1, 1 << 40, .max)),
            "in_int32": try Tensor(shape: [3, 2], scalars: [Int32](arrayLiteral: .min, -1, 0, 1, 1 << 20, .max)),
            "in_int8": try Tensor(shape: [3, 2], scalars: [Int8](arrayLiteral: -128, -1, 0, 1, 64, 127)),
            "in_uint8": try Tensor(shape: [3, 2], scalars: [UInt8](arrayLiteral: 0, 1, 2, 128, 200, 255)),
            "in_bool": try Tensor(shape: [3, 2], scalars: [true, false, false, true, true, false]),
        ]
        let results = try session.run(feeds)
        #expect(results.count == 7)
        for (name, tensor) in feeds {
            let output = name.replacingOccurrences(of: "in_", with: "out_")
            #expect(results[output] == tensor, "\(output)")
        }
    }

    /// GetDimensions on outputs: each output takes the size given to its own symbolic dimension.
    @Test func symbolicDimensionsTakeTheGivenSizes() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("identity_types.onnx"))
        var feeds: [String: Tensor] = [:]
        for input in session.inputs {
            guard let type = input.elementType else { continue }
            let rows = type == .bool ? 2 : 1
            feeds[input.name] = try Tensor(elementType: type, shape: [rows, 2], bytes: [UInt8](repeating: 0, count: rows * 2 * type.byteWidth))
        }
        let results = try session.run(feeds)
        #expect(results["out_bool"]?.shape == [2, 2])
        #expect(results["out_int8"]?.shape == [1, 2])
    }
}
