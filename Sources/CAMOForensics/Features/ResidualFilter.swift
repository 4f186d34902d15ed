/// Integer high-pass filters whose output (a residual) suppresses image content and keeps the noise that cameras and
/// generators leave behind. Each residual is anchored at one pixel, so a face mask can say whether it lies inside.
enum ResidualFilter: Sendable, CaseIterable {
    /// `I(x+1) − I(x)`, horizontal and vertical (Fridrich & Kodovsky 2012, first order).
    case firstOrderHorizontal, firstOrderVertical
    /// `I(x−1) − 2I(x) + I(x+1)` (second order).
    case secondOrderHorizontal, secondOrderVertical
    /// `−I(x−1) + 3I(x) − 3I(x+1) + I(x+2)` (third order).
    case thirdOrderHorizontal, thirdOrderVertical
    /// The 5×5 "KV" kernel, times 12 so its coefficients are integers (divide by `scale`).
    case kv
    /// `I(x, y) − I(2⌊x/2⌋, 2⌊y/2⌋)`: a pixel minus its nearest-neighbour 2× down-then-up reconstruction
    /// (NPR, Tan et al. 2024).
    case neighbouringPixelRelation

    /// The divisor that brings the integer output to pixel units.
    var scale: Double { self == .kv ? 12 : 1 }

    /// Anchors with a defined residual: `x0..<x1`, `y0..<y1` (empty when the plane is too small).
    func anchors(width: Int, height: Int) -> (x: Range<Int>, y: Range<Int>) {
        func span(_ low: Int, _ trailing: Int, _ size: Int) -> Range<Int> { low < size - trailing ? low..<(size - trailing) : 0..<0 }
        switch self {
        case .firstOrderHorizontal: return (span(0, 1, width), span(0, 0, height))
        case .firstOrderVertical: return (span(0, 0, width), span(0, 1, height))
        case .secondOrderHorizontal: return (span(1, 1, width), span(0, 0, height))
        case .secondOrderVertical: return (span(0, 0, width), span(1, 1, height))
        case .thirdOrderHorizontal: return (span(1, 2, width), span(0, 0, height))
        case .thirdOrderVertical: return (span(0, 0, width), span(1, 2, height))
        case .kv: return (span(2, 2, width), span(2, 2, height))
        case .neighbouringPixelRelation: return (0..<(width / 2 * 2), 0..<(height / 2 * 2))
        }
    }

    /// The residual anchored at `(x, y)`, which must lie in `anchors(width:height:)`.
    @inline(__always)
    func residual(x: Int, y: Int, in p: UnsafeBufferPointer<Int32>, width: Int) -> Int32 {
        let i = y * width + x
        switch self {
        case .firstOrderHorizontal: return p[i + 1] - p[i]
        case .firstOrderVertical: return p[i + width] - p[i]
        case .secondOrderHorizontal: return p[i - 1] - 2 * p[i] + p[i + 1]
        case .secondOrderVertical: return p[i - width] - 2 * p[i] + p[i + width]
        case .thirdOrderHorizontal: return -p[i - 1] + 3 * p[i] - 3 * p[i + 1] + p[i + 2]
        case .thirdOrderVertical: return -p[i - width] + 3 * p[i] - 3 * p[i + width] + p[i + 2 * width]
        case .kv:
            // Symmetric kernel: sum the taps of equal weight first (9 multiplications instead of 25).
            let w2 = 2 * width
            let corners = p[i - w2 - 2] + p[i - w2 + 2] + p[i + w2 - 2] + p[i + w2 + 2]
            let outerEdges = p[i - w2 - 1] + p[i - w2 + 1] + p[i + w2 - 1] + p[i + w2 + 1]
                + p[i - width - 2] + p[i + width - 2] + p[i - width + 2] + p[i + width + 2]
            let outerMiddles = p[i - w2] + p[i + w2] + p[i - 2] + p[i + 2]
            let innerCorners = p[i - width - 1] + p[i - width + 1] + p[i + width - 1] + p[i + width + 1]
            let innerEdges = p[i - width] + p[i + width] + p[i - 1] + p[i + 1]
            return -corners + 2 * outerEdges - 2 * outerMiddles - 6 * innerCorners + 8 * innerEdges - 12 * p[i]
        case .neighbouringPixelRelation: return p[i] - p[(y & ~1) * width + (x & ~1)]
        }
    }

    /// The residual at every anchor, calling `body(anchorIndex, residual)` row by row.
    @inline(__always)
    func forEachResidual(in plane: [Int32], width: Int, height: Int, _ body: (Int, Int32) -> Void) {
        let (xs, ys) = anchors(width: width, height: height)
        guard !xs.isEmpty, !ys.isEmpty else { return }
        plane.withUnsafeBufferPointer { p in
            for y in ys {
                for x in xs { body(y * width + x, residual(x: x, y: y, in: p, width: width)) }
            }
        }
    }

    /// Moments of the residual over every anchor, in pixel units; closure-free because it runs over every pixel of
    /// every view several times.
    func moments(of plane: [Int32], width: Int, height: Int) -> MomentAccumulator {
        var accumulator = MomentAccumulator()
        let (xs, ys) = anchors(width: width, height: height)
        guard !xs.isEmpty, !ys.isEmpty else { return accumulator }
        let scale = scale
        plane.withUnsafeBufferPointer { p in
            for y in ys {
                for x in xs { accumulator.add(Double(residual(x: x, y: y, in: p, width: width)) / scale) }
            }
        }
        return accumulator
    }
}
