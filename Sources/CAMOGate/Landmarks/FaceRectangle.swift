import CAMOVision

/// A face box in image pixels, with dlib's `rectangle` conventions: all four edges are
/// inclusive, so a box from column 10 to column 19 has `left == 10`, `right == 19` and is 10
/// pixels wide. dlib's face detector reports boxes this way and the shape predictor maps its
/// unit square onto the corners (`left`, `top`) and (`right`, `bottom`).
public struct FaceRectangle: Sendable, Hashable, CustomStringConvertible {
    public var left: Int
    public var top: Int
    public var right: Int
    public var bottom: Int

    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// The same pixels as `rect` (columns `x ..< x + width`, rows `y ..< y + height`).
    public init(_ rect: Rect) {
        self.init(left: rect.x, top: rect.y, right: Self.lastCovered(rect.maxX), bottom: Self.lastCovered(rect.maxY))
    }

    /// The same pixels as a half-open `Rect`, with extents saturating for absurd boxes.
    public var rect: Rect {
        Rect(x: left, y: top, width: width, height: height)
    }

    private static func lastCovered(_ end: Int) -> Int { end == Int.min ? Int.min : end - 1 }

    private static func extent(_ first: Int, _ last: Int) -> Int {
        let (difference, overflow) = last.subtractingReportingOverflow(first)
        return overflow ? (last > first ? Int.max : Int.min) : (difference == Int.max ? Int.max : difference + 1)
    }

    /// Pixels covered horizontally: `right - left + 1`, saturating.
    public var width: Int { Self.extent(left, right) }
    /// Pixels covered vertically: `bottom - top + 1`, saturating.
    public var height: Int { Self.extent(top, bottom) }
    /// Zero when the box is empty (`right < left` or `bottom < top`); saturating.
    public var area: Int {
        guard width > 0, height > 0 else { return 0 }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow ? Int.max : product
    }

    public var description: String { "[\(left), \(top), \(right), \(bottom)]" }
}
