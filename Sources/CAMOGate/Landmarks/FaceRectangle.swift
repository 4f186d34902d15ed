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

    /// Pixels covered horizontally: `right - left + 1`.
    public var width: Int { right - left + 1 }
    /// Pixels covered vertically: `bottom - top + 1`.
    public var height: Int { bottom - top + 1 }
    /// Zero when the box is empty (`right < left` or `bottom < top`).
    public var area: Int { width > 0 && height > 0 ? width * height : 0 }

    public var description: String { "[\(left), \(top), \(right), \(bottom)]" }
}
