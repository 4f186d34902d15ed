/// What a model declares about one of its inputs or outputs.
public struct TensorInfo: Sendable, Equatable, CustomStringConvertible {
    public enum Dimension: Sendable, Equatable, CustomStringConvertible {
        case fixed(Int)
        /// A dimension fixed only at run time; the name is the model's (`"N"`, `"batch"`), or empty.
        case symbolic(String)

        public var description: String {
            switch self {
            case .fixed(let size): "\(size)"
            case .symbolic(let name): name.isEmpty ? "?" : name
            }
        }

        func accepts(_ size: Int) -> Bool {
            if case .fixed(let expected) = self { return expected == size }
            return true
        }
    }

    public let name: String
    /// The element type, or nil when the value is not a tensor `Tensor` can hold.
    public let elementType: ElementType?
    /// ONNX `TensorProto.DataType` code (0 when the value is not a tensor).
    public let onnxElementType: Int32
    public let dimensions: [Dimension]

    public var typeDescription: String {
        elementType.map(\.description) ?? (onnxElementType == 0 ? "non-tensor" : "onnx type \(onnxElementType)")
    }

    public var description: String { "\(name): \(typeDescription) \(Self.describe(dimensions))" }

    static func describe(_ dimensions: [Dimension]) -> String {
        "[" + dimensions.map(\.description).joined(separator: ", ") + "]"
    }

    /// Whether a tensor of `shape` fits the declared dimensions.
    public func accepts(shape: [Int]) -> Bool {
        shape.count == dimensions.count && zip(dimensions, shape).allSatisfy { $0.accepts($1) }
    }
}
