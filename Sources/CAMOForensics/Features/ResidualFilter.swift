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

    private static let kvKernel: [Int32] = [
        -1, 2, -2, 2, -1,
        2, -6, 8, -6, 2,
        -2, 8, -12, 8, -2,
        2, -6, 8, -6, 2,
        -1, 2, -2, 2, -1,
    ]

    /// The residual at every anchor, calling `body(anchorIndex, residual)` row by row.
    @inline(__always)
    func forEachResidual(in plane: [Int32], width: Int, height: Int, _ body: (Int, Int32) -> Void) {
        let (xs, ys) = anchors(width: width, height: height)
        guard !xs.isEmpty, !ys.isEmpty else { return }
        plane.withUnsafeBufferPointer { p in
            for y in ys {
                let row = y * width
                switch self {
                case .firstOrderHorizontal:
                    for x in xs { body(row + x, p[row + x + 1] - p[row + x]) }
                case .firstOrderVertical:
                    for x in xs { body(row + x, p[row + width + x] - p[row + x]) }
                case .secondOrderHorizontal:
                    for x in xs { body(row + x, p[row + x - 1] - 2 * p[row + x] + p[row + x + 1]) }
                case .secondOrderVertical:
                    for x in xs { body(row + x, p[row - width + x] - 2 * p[row + x] + p[row + width + x]) }
                case .thirdOrderHorizontal:
                    for x in xs { body(row + x, -p[row + x - 1] + 3 * p[row + x] - 3 * p[row + x + 1] + p[row + x + 2]) }
                case .thirdOrderVertical:
                    for x in xs {
                        body(row + x, -p[row - width + x] + 3 * p[row + x] - 3 * p[row + width + x] + p[row + 2 * width + x])
                    }
                case .kv:
                    Self.kvKernel.withUnsafeBufferPointer { k in
                        for x in xs {
                            var sum: Int32 = 0
                            for dy in 0..<5 {
                                let source = row + (dy - 2) * width + x - 2
                                for dx in 0..<5 { sum += k[dy * 5 + dx] * p[source + dx] }
                            }
                            body(row + x, sum)
                        }
                    }
                case .neighbouringPixelRelation:
                    let sourceRow = (y & ~1) * width
                    for x in xs { body(row + x, p[row + x] - p[sourceRow + (x & ~1)]) }
                }
            }
        }
    }
}
