/// A tensor that cannot be built or read as asked.
public enum TensorError: Error, Sendable, Equatable, CustomStringConvertible {
    case negativeDimension(shape: [Int])
    case tooLarge(shape: [Int])
    case countMismatch(shape: [Int], expected: Int, given: Int)
    case byteCountMismatch(shape: [Int], elementType: ElementType, expected: Int, given: Int)
    case elementTypeMismatch(stored: ElementType, requested: ElementType)
    case notConvertible(from: ElementType, to: ElementType)

    public var description: String {
        switch self {
        case .negativeDimension(let shape): "shape \(shape) has a negative dimension"
        case .tooLarge(let shape): "shape \(shape) holds too many elements"
        case .countMismatch(let shape, let expected, let given):
            "shape \(shape) needs \(expected) elements, given \(given)"
        case .byteCountMismatch(let shape, let type, let expected, let given):
            "\(type) tensor of shape \(shape) needs \(expected) bytes, given \(given)"
        case .elementTypeMismatch(let stored, let requested):
            "tensor holds \(stored), read as \(requested)"
        case .notConvertible(let from, let to): "cannot convert a \(from) tensor to \(to)"
        }
    }
}
