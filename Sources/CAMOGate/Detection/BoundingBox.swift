/// An axis-aligned box in pixel coordinates, corners `(x1, y1)` top-left and `(x2, y2)` bottom-right.
public struct BoundingBox: Sendable, Equatable, Codable, Hashable {
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double

    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// A box from its centre and size, the form most detector heads predict.
    public init(centreX: Double, centreY: Double, width: Double, height: Double) {
        self.init(x1: centreX - width / 2, y1: centreY - height / 2, x2: centreX + width / 2, y2: centreY + height / 2)
    }

    public var width: Double { max(0, x2 - x1) }
    public var height: Double { max(0, y2 - y1) }
    public var area: Double { width * height }
    public var centre: SIMD2<Double> { SIMD2((x1 + x2) / 2, (y1 + y2) / 2) }

    /// Intersection over union; 0 when either box is empty.
    public func intersectionOverUnion(with other: BoundingBox) -> Double {
        let w = min(x2, other.x2) - max(x1, other.x1)
        let h = min(y2, other.y2) - max(y1, other.y1)
        guard w > 0, h > 0 else { return 0 }
        let intersection = w * h
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }

    /// The box with every coordinate multiplied by `factor` (to undo a uniform resize).
    public func scaled(by factor: Double) -> BoundingBox {
        BoundingBox(x1: x1 * factor, y1: y1 * factor, x2: x2 * factor, y2: y2 * factor)
    }

    /// The box scaled separately along each axis (to undo a stretch resize).
    public func scaled(x sx: Double, y sy: Double) -> BoundingBox {
        BoundingBox(x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy)
    }

    /// The part of the box inside a `width` × `height` image.
    public func clamped(width: Double, height: Double) -> BoundingBox {
        BoundingBox(
            x1: min(max(x1, 0), width), y1: min(max(y1, 0), height),
            x2: min(max(x2, 0), width), y2: min(max(y2, 0), height)
        )
    }
}
