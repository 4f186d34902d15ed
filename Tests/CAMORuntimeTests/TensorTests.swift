import CAMORuntime
import Testing

struct TensorTests {
    @Test func shapeAndCountMustAgree() {
        #expect(throws: TensorError.countMismatch(shape: [2, 3], expected: 6, given: 5)) {
            _ = try Tensor(shape: [2, 3], scalars: [Float](repeating: 0, count: 5))
        }
        #expect(throws: TensorError.negativeDimension(shape: [2, -1])) {
            _ = try Tensor(shape: [2, -1], scalars: [Float]())
        }
        #expect(throws: TensorError.tooLarge(shape: [Int.max, 2])) {
            _ = try Tensor(shape: [Int.max, 2], scalars: [Float]())
        }
        #expect(throws: TensorError.byteCountMismatch(shape: [2], elementType: .int64, expected: 16, given: 8)) {
            _ = try Tensor(elementType: .int64, shape: [2], bytes: [UInt8](repeating: 0, count: 8))
        }
    }

    @Test func scalarsComeBackOnlyAsTheStoredType() throws {
        let tensor = try Tensor(shape: [3], scalars: [Int32](arrayLiteral: 1, -2, 3))
        #expect(try tensor.scalars(as: Int32.self) == [1, -2, 3])
        #expect(throws: TensorError.elementTypeMismatch(stored: .int32, requested: .float32)) {
            _ = try tensor.scalars(as: Float.self)
        }
        #expect(tensor.floatValues() == [1, -2, 3])
        #expect(tensor.elementCount == 3)
    }

    @Test func emptyAndScalarShapes() throws {
        let empty = try Tensor(shape: [0, 4], scalars: [Float]())
        #expect(empty.elementCount == 0)
        let scalar = try Tensor(shape: [], scalars: [Int64](arrayLiteral: 42))
        #expect(try scalar.scalars(as: Int64.self) == [42])
    }

    /// IEEE binary16 rounding: ties to even, overflow to infinity, subnormals kept.
    @Test func float16ConversionRoundsToNearestEven() throws {
        let source = try Tensor(shape: [5], scalars: [Float](arrayLiteral: 1 + 0x1p-11, 1 + 0x1p-10 + 0x1p-11, 65520, 0x1p-24, -2.5))
        let half = try source.converted(to: .float16)
        #expect(half.elementType == .float16)
        #expect(half.floatValues() == [1, 1 + 0x1p-9, .infinity, 0x1p-24, -2.5])
        #expect(try half.converted(to: .float32).floatValues() == half.floatValues())
        #expect(throws: TensorError.notConvertible(from: .float32, to: .int8)) {
            _ = try source.converted(to: .int8)
        }
    }

    @Test func boolBytesAreNormalised() throws {
        let tensor = try Tensor(elementType: .bool, shape: [3], bytes: [0, 7, 1])
        #expect(try tensor.scalars(as: Bool.self) == [false, true, true])
    }

    @Test func comparisonFollowsAllclose() throws {
        let expected = try Tensor(shape: [3], scalars: [Float](arrayLiteral: 1, 100, 0))
        let close = try Tensor(shape: [3], scalars: [Float](arrayLiteral: 1.0005, 100.09, 0.00005))
        let far = try Tensor(shape: [3], scalars: [Float](arrayLiteral: 1.01, 100, 0))
        #expect(TensorComparison(actual: close, expected: expected).isWithinTolerance)
        let comparison = TensorComparison(actual: far, expected: expected)
        #expect(!comparison.isWithinTolerance)
        #expect(comparison.mismatchedElements == 1)
        #expect(abs(comparison.maxRelativeError - 0.01) < 1e-6)
        let reshaped = try Tensor(shape: [1, 3], scalars: [Float](arrayLiteral: 1, 100, 0))
        #expect(TensorComparison(actual: reshaped, expected: expected).incompatibility != nil)
    }
}
