/// Why bytes are not a well-formed ONNX protobuf message. Offsets are byte positions in the file.
public enum ONNXFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(offset: Int)
    case malformedVarint(offset: Int)
    case invalidFieldNumber(offset: Int)
    case unexpectedWireType(message: String, field: Int, wireType: Int, offset: Int)
    case lengthOutOfBounds(offset: Int, length: UInt64)
    case nestingTooDeep(limit: Int)
    case missingField(message: String, field: String)
    case invalidValue(message: String, field: String, reason: String)
    case unsupportedDataType(tensor: String, onnxCode: Int64)

    public var description: String {
        switch self {
        case .truncated(let offset): "truncated message at byte \(offset)"
        case .malformedVarint(let offset): "malformed varint at byte \(offset)"
        case .invalidFieldNumber(let offset): "invalid field number at byte \(offset)"
        case .unexpectedWireType(let message, let field, let wireType, let offset):
            "\(message) field \(field) has wire type \(wireType) at byte \(offset)"
        case .lengthOutOfBounds(let offset, let length):
            "length \(length) at byte \(offset) runs past the end of its message"
        case .nestingTooDeep(let limit): "messages nested deeper than \(limit)"
        case .missingField(let message, let field): "\(message) has no \(field)"
        case .invalidValue(let message, let field, let reason): "\(message).\(field): \(reason)"
        case .unsupportedDataType(let tensor, let code):
            "tensor '\(tensor)' has ONNX data type \(code), which is not supported"
        }
    }
}
