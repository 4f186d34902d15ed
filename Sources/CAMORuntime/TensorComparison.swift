/// How far an output is from its expected value, element by element, in float32.
public struct TensorComparison: Sendable, CustomStringConvertible {
    public let maxAbsoluteError: Float
    /// Largest |actual − expected| / |expected| over elements whose expected value is non-zero.
    public let maxRelativeError: Float
    /// Elements outside `|actual − expected| ≤ absoluteTolerance + relativeTolerance·|expected|`.
    public let mismatchedElements: Int
    /// Set when the tensors cannot be compared at all (shape or type differ).
    public let incompatibility: String?

    public var isWithinTolerance: Bool { incompatibility == nil && mismatchedElements == 0 }

    /// Compares `actual` with `expected` using numpy's `allclose` rule (NaN equals NaN).
    public init(actual: Tensor, expected: Tensor, relativeTolerance: Float = 1e-3, absoluteTolerance: Float = 1e-4) {
        guard actual.shape == expected.shape, actual.elementType == expected.elementType else {
            maxAbsoluteError = .infinity
            maxRelativeError = .infinity
            mismatchedElements = max(actual.elementCount, expected.elementCount)
            incompatibility = "got \(actual.elementType) \(actual.shape), expected \(expected.elementType) \(expected.shape)"
            return
        }
        var maxAbsolute: Float = 0
        var maxRelative: Float = 0
        var mismatched = 0
        for (a, e) in zip(actual.floatValues(), expected.floatValues()) {
            if a.isNaN && e.isNaN { continue }
            let difference = abs(a - e)
            if !(difference <= absoluteTolerance + relativeTolerance * abs(e)) { mismatched += 1 }
            if difference.isNaN {
                maxAbsolute = .nan
                continue
            }
            maxAbsolute = max(maxAbsolute, difference)
            if e != 0 { maxRelative = max(maxRelative, difference / abs(e)) }
        }
        maxAbsoluteError = maxAbsolute
        maxRelativeError = maxRelative
        mismatchedElements = mismatched
        incompatibility = nil
    }

    public var description: String {
        if let incompatibility { return incompatibility }
        return "max abs \(maxAbsoluteError), max rel \(maxRelativeError), \(mismatchedElements) outside tolerance"
    }
}
