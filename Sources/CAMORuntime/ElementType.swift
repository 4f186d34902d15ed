/// The element types a `Tensor` holds, with their ONNX `TensorProto.DataType` codes.
public enum ElementType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32, float16, int64, int32, int8, uint8, bool

    /// ONNX `TensorProto.DataType`, which ONNX Runtime's `ONNXTensorElementDataType` mirrors.
    public var onnxCode: Int32 {
        switch self {
        case .float32: 1
        case .uint8: 2
        case .int8: 3
        case .int32: 6
        case .int64: 7
        case .bool: 9
        case .float16: 10
        }
    }

    public init?(onnxCode: Int32) {
        guard let type = Self.allCases.first(where: { $0.onnxCode == onnxCode }) else { return nil }
        self = type
    }

    public var byteWidth: Int {
        switch self {
        case .float32, .int32: 4
        case .int64: 8
        case .float16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    public var description: String { rawValue }
}

/// A Swift type stored as a tensor element without conversion.
public protocol TensorScalar: Sendable {
    static var elementType: ElementType { get }
}

extension Float: TensorScalar { public static var elementType: ElementType { .float32 } }
extension Float16: TensorScalar { public static var elementType: ElementType { .float16 } }
extension Int64: TensorScalar { public static var elementType: ElementType { .int64 } }
extension Int32: TensorScalar { public static var elementType: ElementType { .int32 } }
extension Int8: TensorScalar { public static var elementType: ElementType { .int8 } }
extension UInt8: TensorScalar { public static var elementType: ElementType { .uint8 } }
extension Bool: TensorScalar { public static var elementType: ElementType { .bool } }
