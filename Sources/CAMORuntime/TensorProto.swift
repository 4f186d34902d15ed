import Foundation

/// Reads and writes single ONNX `TensorProto` messages, the format of the backend-test files
/// `input_N.pb` and `output_N.pb`.
public enum TensorProto {
    /// A decoded tensor and the name the file gives it (empty when unnamed).
    public struct Named: Sendable, Equatable {
        public let name: String
        public let tensor: Tensor

        public init(name: String, tensor: Tensor) {
            self.name = name
            self.tensor = tensor
        }
    }

    public static func read(contentsOf url: URL) throws(RuntimeError) -> Named {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw .tensorFileUnreadable(file: url.path, reason: String(describing: error))
        }
        do { return try decode(bytes) } catch {
            throw .tensorFileUnreadable(file: url.path, reason: error.description)
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(ONNXFormatError) -> Named {
        var reader = ProtobufReader(bytes: bytes, message: "TensorProto")
        var dims: [Int64] = []
        var dataType: Int64 = 0
        var name = ""
        var raw: Range<Int>?
        var floats: [Float] = []
        var int32s: [Int64] = []
        var int64s: [Int64] = []
        var external = false
        while let field = try reader.nextField() {
            switch field.number {
            case 1: try reader.appendVarints(field, to: &dims)
            case 2: dataType = try reader.int64(field)
            case 4: try reader.appendFloats(field, to: &floats)
            case 5: try reader.appendVarints(field, to: &int32s)
            case 7: try reader.appendVarints(field, to: &int64s)
            case 8: name = try reader.string(field)
            case 9:
                try reader.expect(field, .lengthDelimited)
                raw = try reader.lengthDelimited()
            case 14: external = try reader.int64(field) == 1
            default: try reader.skip(field)
            }
        }
        guard !external else {
            throw .invalidValue(message: "TensorProto '\(name)'", field: "data_location", reason: "external data is not supported here")
        }
        guard let type = ElementType(onnxCode: Int32(clamping: dataType)) else {
            throw .unsupportedDataType(tensor: name, onnxCode: dataType)
        }
        guard dims.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }) else {
            throw .invalidValue(message: "TensorProto '\(name)'", field: "dims", reason: "dimension out of range in \(dims)")
        }
        let shape = dims.map { Int($0) }
        let mismatch = { (given: Int) -> ONNXFormatError in
            .invalidValue(message: "TensorProto '\(name)'", field: "data", reason: "\(given) values do not fill shape \(shape) of \(type)")
        }
        do {
            let tensor: Tensor
            if let raw {
                tensor = try Tensor(elementType: type, shape: shape, bytes: bytes[raw])
            } else {
                switch type {
                case .float32: tensor = try Tensor(shape: shape, scalars: floats)
                case .int64: tensor = try Tensor(shape: shape, scalars: int64s)
                case .int32: tensor = try Tensor(shape: shape, scalars: int32s.map { Int32(truncatingIfNeeded: $0) })
                case .int8: tensor = try Tensor(shape: shape, scalars: int32s.map { Int8(truncatingIfNeeded: $0) })
                case .uint8: tensor = try Tensor(shape: shape, scalars: int32s.map { UInt8(truncatingIfNeeded: $0) })
                case .bool: tensor = try Tensor(shape: shape, scalars: int32s.map { $0 != 0 })
                case .float16:
                    tensor = try Tensor(shape: shape, scalars: int32s.map { Float16(bitPattern: UInt16(truncatingIfNeeded: $0)) })
                }
            }
            return Named(name: name, tensor: tensor)
        } catch {
            switch error {
            case .countMismatch(_, _, let given): throw mismatch(given)
            case .byteCountMismatch(_, _, _, let given): throw mismatch(given / type.byteWidth)
            default: throw mismatch(-1)
            }
        }
    }

    /// Serialises `tensor` as a `TensorProto` with `dims`, `data_type`, `name` and `raw_data`.
    public static func encode(_ tensor: Tensor, name: String) -> [UInt8] {
        var writer = ProtobufWriter()
        for dimension in tensor.shape { writer.varint(field: 1, UInt64(dimension)) }
        writer.varint(field: 2, UInt64(tensor.elementType.onnxCode))
        if !name.isEmpty { writer.bytes(field: 8, Array(name.utf8)) }
        tensor.withUnsafeBytes { writer.bytes(field: 9, $0) }
        return writer.output
    }
}
