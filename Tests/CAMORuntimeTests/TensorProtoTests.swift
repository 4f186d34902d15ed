import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// TensorProto files written by onnx's numpy_helper (raw_data) and helper.make_tensor (typed
/// fields), against the values the oracle script recorded.
struct TensorProtoTests {
    static let expected: [String: [Double]] = {
        (try? JSONDecoder().decode([String: [Double]].self, from: Fixtures.data("runtime/tensors/expected.json"))) ?? [:]
    }()

    @Test(arguments: ElementType.allCases, ["raw", "typed"])
    func decodesEveryElementType(type: ElementType, encoding: String) throws {
        let named = try TensorProto.read(contentsOf: Fixtures.url("runtime/tensors/\(type)_\(encoding).pb"))
        #expect(named.name == "t_\(type)")
        #expect(named.tensor.elementType == type)
        #expect(named.tensor.shape == [2, 3])
        let values = try #require(Self.expected[type.rawValue])
        #expect(named.tensor.floatValues() == values.map { Float($0) })
    }

    /// Encoding writes the same fields in the same order as numpy_helper.from_array.
    @Test(arguments: ElementType.allCases)
    func encodingMatchesNumpyHelperByteForByte(type: ElementType) throws {
        let bytes = try [UInt8](Fixtures.data("runtime/tensors/\(type)_raw.pb"))
        let named = try TensorProto.decode(bytes)
        #expect(TensorProto.encode(named.tensor, name: named.name) == bytes)
    }

    @Test func malformedTensorsAreTypedErrors() {
        // data_type 8 (string).
        #expect(throws: ONNXFormatError.unsupportedDataType(tensor: "", onnxCode: 8)) {
            _ = try TensorProto.decode([0x10, 0x08])
        }
        // dims [2], float32, raw_data of 4 bytes.
        #expect {
            _ = try TensorProto.decode([0x08, 0x02, 0x10, 0x01, 0x4a, 0x04, 0, 0, 0, 0])
        } throws: { error in
            guard case .invalidValue(_, "data", _)? = error as? ONNXFormatError else { return false }
            return true
        }
        // A dimension of 2^40 with no data must not allocate.
        #expect {
            _ = try TensorProto.decode([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x10, 0x01])
        } throws: { error in
            guard case .invalidValue(_, "dims", _)? = error as? ONNXFormatError else { return false }
            return true
        }
    }
}

extension TensorProtoTests {
    @Test func unreadableFilesNameTheFile() {
        let model = Fixtures.url("runtime/identity_types.onnx")
        #expect {
            _ = try TensorProto.read(contentsOf: model)
        } throws: { error in
            guard case .tensorFileUnreadable(let file, let reason)? = error as? RuntimeError else { return false }
            return file == model.path && reason.contains("TensorProto")
        }
    }
}
