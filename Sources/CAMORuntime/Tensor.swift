import Foundation

/// A dense, row-major tensor: element type, shape and contiguous bytes. Tensors are immutable
/// values; their storage is shared between copies and lent to ONNX Runtime without copying.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    public let elementType: ElementType
    public let shape: [Int]
    let storage: TensorStorage

    public var elementCount: Int { storage.byteCount / elementType.byteWidth }

    /// Number of elements of `shape`, or a `TensorError` for negative or overflowing dimensions.
    public static func elementCount(of shape: [Int]) throws(TensorError) -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { throw .negativeDimension(shape: shape) }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int32.max) * 16 else { throw .tooLarge(shape: shape) }
            count = product
        }
        return count
    }

    /// A tensor of `scalars` laid out row-major in `shape`.
    public init<Scalar: TensorScalar>(shape: [Int], scalars: [Scalar]) throws(TensorError) {
        let count = try Self.elementCount(of: shape)
        guard count == scalars.count else { throw .countMismatch(shape: shape, expected: count, given: scalars.count) }
        elementType = Scalar.elementType
        self.shape = shape
        storage = scalars.withUnsafeBytes { source in
            TensorStorage(byteCount: source.count) { $0.copyMemory(from: source) }
        }
    }

    /// A tensor from raw little-endian element bytes, as in an ONNX `raw_data` field.
    public init(elementType: ElementType, shape: [Int], bytes: some Collection<UInt8>) throws(TensorError) {
        let count = try Self.elementCount(of: shape)
        let expected = count * elementType.byteWidth
        guard bytes.count == expected else {
            throw .byteCountMismatch(shape: shape, elementType: elementType, expected: expected, given: bytes.count)
        }
        self.elementType = elementType
        self.shape = shape
        storage = TensorStorage(byteCount: expected) { target in
            _ = target.initializeMemory(as: UInt8.self, from: bytes)
        }
        if elementType == .bool {
            // Any non-zero byte is true; normalise so the bytes are valid Swift Bools.
            for index in 0..<expected where storage.bytes.load(fromByteOffset: index, as: UInt8.self) > 1 {
                storage.bytes.storeBytes(of: 1, toByteOffset: index, as: UInt8.self)
            }
        }
    }

    /// A tensor filled by `fill`, which writes exactly the tensor's bytes (used to copy ORT outputs).
    init(elementType: ElementType, shape: [Int], fill: (UnsafeMutableRawBufferPointer) -> Void) throws(TensorError) {
        let count = try Self.elementCount(of: shape)
        self.elementType = elementType
        self.shape = shape
        storage = TensorStorage(byteCount: count * elementType.byteWidth, fill: fill)
    }

    /// The elements, when `Scalar` is the stored element type.
    public func scalars<Scalar: TensorScalar>(as _: Scalar.Type = Scalar.self) throws(TensorError) -> [Scalar] {
        guard Scalar.elementType == elementType else {
            throw .elementTypeMismatch(stored: elementType, requested: Scalar.elementType)
        }
        return Array(storage.buffer.bindMemory(to: Scalar.self))
    }

    /// The elements as `Float`, converting from any numeric element type (bool gives 0 or 1).
    public func floatValues() -> [Float] {
        let buffer = storage.buffer
        switch elementType {
        case .float32: return Array(buffer.bindMemory(to: Float.self))
        case .float16: return buffer.bindMemory(to: Float16.self).map(Float.init)
        case .int64: return buffer.bindMemory(to: Int64.self).map { Float($0) }
        case .int32: return buffer.bindMemory(to: Int32.self).map { Float($0) }
        case .int8: return buffer.bindMemory(to: Int8.self).map { Float($0) }
        case .uint8, .bool: return buffer.bindMemory(to: UInt8.self).map { Float($0) }
        }
    }

    /// This tensor with float32 elements narrowed to float16 (round to nearest even), or float16
    /// widened to float32. Other conversions throw.
    public func converted(to target: ElementType) throws(TensorError) -> Tensor {
        if target == elementType { return self }
        switch (elementType, target) {
        case (.float32, .float16):
            let values = storage.buffer.bindMemory(to: Float.self).map { Float16($0) }
            return try Tensor(shape: shape, scalars: values)
        case (.float16, .float32):
            return try Tensor(shape: shape, scalars: floatValues())
        default:
            throw .notConvertible(from: elementType, to: target)
        }
    }

    /// Calls `body` with the element bytes, without copying them.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(storage.buffer)
    }

    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.elementType == rhs.elementType && lhs.shape == rhs.shape
            && (lhs.storage === rhs.storage || lhs.storage.buffer.elementsEqual(rhs.storage.buffer))
    }

    public var description: String { "Tensor(\(elementType), \(shape))" }
}
