/// Measures and conversions detectors and results need: area, overlap, rescaling, clamping.
extension Box {
    /// A box from its centre and size, the form most detector heads predict.
    public init(centreX: Double, centreY: Double, width: Double, height: Double) {
        self.init(minX: centreX - width / 2, minY: centreY - height / 2, maxX: centreX + width / 2, maxY: centreY + height / 2)
    }

    /// Zero for an empty or inverted box.
    public var area: Double { max(0, width) * max(0, height) }
    public var centre: Point { Point(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    /// Intersection over union; 0 when either box is empty.
    public func intersectionOverUnion(with other: Box) -> Double {
        let w = min(maxX, other.maxX) - max(minX, other.minX)
        let h = min(maxY, other.maxY) - max(minY, other.minY)
        guard w > 0, h > 0 else { return 0 }
        let intersection = w * h
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }

    /// The box with x multiplied by `sx` and y by `sy` (to undo a resize).
    public func scaled(x sx: Double, y sy: Double) -> Box {
        Box(minX: minX * sx, minY: minY * sy, maxX: maxX * sx, maxY: maxY * sy)
    }

    /// The part of the box inside a `width` × `height` image.
    public func clamped(width: Double, height: Double) -> Box {
        Box(minX: min(max(minX, 0), width), minY: min(max(minY, 0), height),
            maxX: min(max(maxX, 0), width), maxY: min(max(maxY, 0), height))
    }
}

/// Encoded as `[minX, minY, maxX, maxY]`: compact in results that list many boxes.
extension Box: Codable {
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        self.init(minX: try c.decode(Double.self), minY: try c.decode(Double.self),
                  maxX: try c.decode(Double.self), maxY: try c.decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(minX)
        try c.encode(minY)
        try c.encode(maxX)
        try c.encode(maxY)
    }
}

/// Encoded as `[x, y]`.
extension Point: Codable {
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        self.init(x: try c.decode(Double.self), y: try c.decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
    }
}
