import Foundation

/// A 2×3 affine matrix `[a b c; d e f]` mapping `(x, y)` to `(a·x + b·y + c, d·x + e·y + f)`,
/// laid out as OpenCV's `warpAffine` and `getRotationMatrix2D` use it.
public struct AffineTransform: Sendable, Hashable, CustomStringConvertible {
    public var a: Double, b: Double, c: Double
    public var d: Double, e: Double, f: Double

    public init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    /// From the six values in row-major order, as `cv2` prints a 2×3 matrix.
    public init(rowMajor values: [Double]) throws(ImageError) {
        guard values.count == 6 else {
            throw .invalidArgument("affine transform needs 6 values in row-major order, got \(values.count)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw .invalidArgument("affine transform values must be finite: \(values)")
        }
        self.init(a: values[0], b: values[1], c: values[2], d: values[3], e: values[4], f: values[5])
    }

    public static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 0, e: 1, f: 0)

    public static func translation(x: Double, y: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, c: x, d: 0, e: 1, f: y)
    }

    public static func scaling(x: Double, y: Double) -> AffineTransform {
        AffineTransform(a: x, b: 0, c: 0, d: 0, e: y, f: 0)
    }

    /// OpenCV's `getRotationMatrix2D`: a rotation by `degrees` counter-clockwise as seen on
    /// screen (y points down), about `centre`, with uniform `scale`.
    public static func rotation(degrees: Double, about centre: Point, scale: Double = 1) -> AffineTransform {
        let radians = degrees * Double.pi / 180
        let alpha = cos(radians) * scale
        let beta = sin(radians) * scale
        return AffineTransform(
            a: alpha, b: beta, c: (1 - alpha) * centre.x - beta * centre.y,
            d: -beta, e: alpha, f: beta * centre.x + (1 - alpha) * centre.y)
    }

    public var rowMajor: [Double] { [a, b, c, d, e, f] }

    public var determinant: Double { a * e - b * d }

    public var isInvertible: Bool {
        let det = determinant
        return det.isFinite && det != 0 && rowMajor.allSatisfy(\.isFinite)
    }

    /// The transform that undoes this one, computed as OpenCV's `invertAffineTransform` does
    /// (so that warps built on it sample the same source positions).
    public func inverted() throws(ImageError) -> AffineTransform {
        guard isInvertible else {
            throw .invalidArgument("affine transform \(self) is not invertible (determinant \(determinant))")
        }
        let scale = 1 / determinant
        let a11 = e * scale, a22 = a * scale
        let a12 = -b * scale, a21 = -d * scale
        let inverse = AffineTransform(
            a: a11, b: a12, c: -a11 * c - a12 * f,
            d: a21, e: a22, f: -a21 * c - a22 * f)
        guard inverse.rowMajor.allSatisfy(\.isFinite) else {
            throw .invalidArgument("affine transform \(self) is too close to singular to invert")
        }
        return inverse
    }

    /// The transform that applies `self` first and then `next`.
    public func followed(by next: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: next.a * a + next.b * d, b: next.a * b + next.b * e, c: next.a * c + next.b * f + next.c,
            d: next.d * a + next.e * d, e: next.d * b + next.e * e, f: next.d * c + next.e * f + next.f)
    }

    public func apply(to point: Point) -> Point {
        Point(x: a * point.x + b * point.y + c, y: d * point.x + e * point.y + f)
    }

    public var description: String { "[\(a) \(b) \(c); \(d) \(e) \(f)]" }
}
