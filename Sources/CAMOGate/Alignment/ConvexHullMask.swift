import CAMOVision

/// A filled convex hull as an 8-bit mask.
enum ConvexHullMask {
    /// `width × height` bytes: 255 where a pixel centre lies inside or on the convex hull of
    /// `points`, else 0.
    static func fill(_ points: [Point], size: Size) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: size.width * size.height)
        let hull = convexHull(points.filter { $0.x.isFinite && $0.y.isFinite })
        if hull.count >= 3, let minY = hull.map(\.y).min(), let maxY = hull.map(\.y).max() {
            // Clamped before converting, so any finite hull converts safely.
            let top = Int(max(minY, -1).rounded(.up)).clamped(0, size.height)
            let bottom = Int(min(maxY, Double(size.height)).rounded(.down)).clamped(-1, size.height - 1)
            if top <= bottom {
                for row in top...bottom {
                    guard let span = span(of: hull, atY: Double(row)) else { continue }
                    let first = max(0, Int(max(span.lowerBound, -1).rounded(.up)))
                    let last = min(size.width - 1, Int(min(span.upperBound, Double(size.width)).rounded(.down)))
                    if first <= last {
                        for column in first...last { pixels[row * size.width + column] = 255 }
                    }
                }
            }
        }
        return pixels
    }

    /// Andrew's monotone chain, counter-clockwise, without collinear points.
    static func convexHull(_ points: [Point]) -> [Point] {
        let sorted = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard sorted.count >= 3 else { return sorted }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [Point] = []
        for point in sorted {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], point) <= 0 { lower.removeLast() }
            lower.append(point)
        }
        var upper: [Point] = []
        for point in sorted.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], point) <= 0 { upper.removeLast() }
            upper.append(point)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The x-interval where the horizontal line at `y` meets the convex polygon `hull`.
    private static func span(of hull: [Point], atY y: Double) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for i in hull.indices {
            let a = hull[i], b = hull[(i + 1) % hull.count]
            guard min(a.y, b.y) <= y, y <= max(a.y, b.y) else { continue }
            if a.y == b.y {
                low = min(low, a.x, b.x)
                high = max(high, a.x, b.x)
            } else {
                let x = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)
                low = min(low, x)
                high = max(high, x)
            }
        }
        return low <= high ? low...high : nil
    }
}

private extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
