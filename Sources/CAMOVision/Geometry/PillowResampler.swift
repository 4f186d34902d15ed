import Foundation

/// Pillow's antialiased resize (`libImaging/Resample.c`, `ImagingResample`) for 8-bit images:
/// the filter is widened by the shrink factor, weights are normalised in double precision and
/// quantised to `PRECISION_BITS` (22) fixed point; a horizontal pass into an 8-bit intermediate,
/// then a vertical pass, each rounding as `clip8` does.
///
/// Pass order matters, because the intermediate is rounded to 8 bits. Pillow 13 runs the vertical
/// pass first when the height shrinks by more than twice as many pixels as the width
/// (`h − h′ > 2·(w − w′)`, Pillow pull request 9549); earlier versions always went horizontal
/// first. This follows Pillow 13, the version the oracle fixtures come from. Sums stay below 2³¹ as in Pillow's
/// 32-bit C, so the wrapping operators never wrap; they only drop overflow checks.
struct PillowResampler {
    enum Filter {
        case bilinear
        case bicubic
        case lanczos

        var support: Double {
            switch self {
            case .bilinear: 1
            case .bicubic: 2
            case .lanczos: 3
            }
        }

        func callAsFunction(_ x: Double) -> Double {
            switch self {
            case .bilinear:
                let x = abs(x)
                return x < 1 ? 1 - x : 0
            case .bicubic:
                let a = -0.5
                let x = abs(x)
                if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
                if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
                return 0
            case .lanczos:
                guard -3 <= x, x < 3 else { return 0 }
                return Self.sinc(x) * Self.sinc(x / 3)
            }
        }

        private static func sinc(_ x: Double) -> Double {
            if x == 0 { return 1 }
            let scaled = x * Double.pi
            return sin(scaled) / scaled
        }
    }

    /// For each output sample: the first source sample and the fixed-point weights (`taps` each, zero-padded).
    struct Coefficients {
        var taps: Int
        var starts: [Int]
        var counts: [Int]
        var weights: [Int32]
    }

    static let precisionBits = 32 - 8 - 2

    let source: Size
    let target: Size
    let filter: Filter

    /// `precompute_coeffs` followed by `normalize_coeffs_8bpc`.
    func coefficients(source: Int, target: Int) -> Coefficients {
        let scale = Double(source) / Double(target)
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var starts = [Int](repeating: 0, count: target)
        var counts = [Int](repeating: 0, count: target)
        var weights = [Int32](repeating: 0, count: target * taps)
        var row = [Double](repeating: 0, count: taps)
        let inverseFilterScale = 1 / filterScale
        for x in 0..<target {
            let centre = (Double(x) + 0.5) * scale
            // C's `(int)` truncates toward zero; the clamp makes the sign irrelevant.
            let first = max(Int(centre - support + 0.5), 0)
            let count = min(Int(centre + support + 0.5), source) - first
            var total = 0.0
            for i in 0..<count {
                row[i] = filter((Double(i + first) - centre + 0.5) * inverseFilterScale)
                total += row[i]
            }
            for i in 0..<count {
                let w = total != 0 ? row[i] / total : row[i]
                let scaled = w * Double(1 << Self.precisionBits)
                weights[x * taps + i] = Int32(w < 0 ? -0.5 + scaled : 0.5 + scaled)
            }
            starts[x] = first
            counts[x] = max(count, 0)
        }
        return Coefficients(taps: taps, starts: starts, counts: counts, weights: weights)
    }

    /// `clip8`: the 22-bit fixed-point sum, already offset by half a unit, cut to a byte.
    @inline(__always)
    private static func clip8(_ value: Int32) -> UInt8 {
        if value >= (1 << precisionBits) << 8 { return 255 }
        if value <= 0 { return 0 }
        return UInt8(truncatingIfNeeded: value &>> Int32(precisionBits))
    }

    /// Pillow 13's choice of running the vertical pass first.
    var resamplesVerticallyFirst: Bool {
        target.height < source.height && target.width != source.width
            && source.height - target.height > 2 * (source.width - target.width)
    }

    func resample(_ image: Image) -> Image {
        let vertical = coefficients(source: source.height, target: target.height)
        if resamplesVerticallyFirst {
            let shrunk = resampleVertically(image, coefficients: vertical, rowOffset: 0)
            return resampleHorizontally(shrunk, rows: 0..<target.height)
        }
        let needsHorizontal = target.width != source.width
        let needsVertical = target.height != source.height
        // Only the source rows that some output row reads go through the horizontal pass.
        let firstRow = vertical.starts[0]
        let lastRow = vertical.starts[target.height - 1] + vertical.counts[target.height - 1]
        var intermediate: Image
        var rowOffset = 0
        if needsHorizontal {
            let rows = needsVertical ? firstRow..<lastRow : 0..<source.height
            intermediate = resampleHorizontally(image, rows: rows)
            rowOffset = rows.lowerBound
        } else {
            intermediate = image
        }
        guard needsVertical else { return intermediate }
        return resampleVertically(intermediate, coefficients: vertical, rowOffset: rowOffset)
    }

    private func resampleHorizontally(_ image: Image, rows: Range<Int>) -> Image {
        let horizontal = coefficients(source: source.width, target: target.width)
        let half: Int32 = 1 << (Self.precisionBits - 1)
        let outputSize = Size(width: target.width, height: rows.count)
        let (starts, counts, taps) = (horizontal.starts, horizontal.counts, horizontal.taps)
        return image.pixels.withUnsafeBufferPointer { input in
            horizontal.weights.withUnsafeBufferPointer { weights in
                Image.filling(outputSize) { output in
                    for (outY, y) in rows.enumerated() {
                        let rowBase = y * source.width * 3
                        for x in 0..<target.width {
                            var r = half, g = half, b = half
                            let first = rowBase + starts[x] * 3
                            let k = x * taps
                            for i in 0..<counts[x] {
                                let w = weights[k + i]
                                let s = first + i * 3
                                r = r &+ Int32(input[s]) &* w
                                g = g &+ Int32(input[s + 1]) &* w
                                b = b &+ Int32(input[s + 2]) &* w
                            }
                            let d = (outY * target.width + x) * 3
                            output[d] = Self.clip8(r)
                            output[d + 1] = Self.clip8(g)
                            output[d + 2] = Self.clip8(b)
                        }
                    }
                }
            }
        }
    }

    private func resampleVertically(_ image: Image, coefficients: Coefficients, rowOffset: Int) -> Image {
        let half: Int32 = 1 << (Self.precisionBits - 1)
        let rowLength = image.width * 3
        return image.pixels.withUnsafeBufferPointer { input in
            coefficients.weights.withUnsafeBufferPointer { weights in
                Image.filling(Size(width: image.width, height: target.height)) { output in
                    var sums = [Int32](repeating: 0, count: rowLength)
                    sums.withUnsafeMutableBufferPointer { sums in
                        for y in 0..<target.height {
                            for i in 0..<rowLength { sums[i] = half }
                            let k = y * coefficients.taps
                            for j in 0..<coefficients.counts[y] {
                                let w = weights[k + j]
                                let base = (coefficients.starts[y] - rowOffset + j) * rowLength
                                for i in 0..<rowLength { sums[i] = sums[i] &+ Int32(input[base + i]) &* w }
                            }
                            let d = y * rowLength
                            for i in 0..<rowLength { output[d + i] = Self.clip8(sums[i]) }
                        }
                    }
                }
            }
        }
    }
}
