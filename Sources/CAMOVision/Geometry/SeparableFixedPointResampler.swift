import Foundation

/// OpenCV's separable 8-bit resize (`resizeGeneric_` in `imgproc/src/resize.cpp`) for
/// `INTER_LINEAR`, `INTER_LANCZOS4` and the bilinear variant `INTER_AREA` uses when enlarging.
///
/// Weights are 11-bit fixed point (`INTER_RESIZE_COEF_BITS`). The horizontal pass yields 32-bit
/// sums; only the source rows that output rows need are filtered, each once, in a small ring.
/// The vertical pass repeats OpenCV's arithmetic exactly, including the SIMD shortcut
/// (`VResizeLinearVec_32s8u`) that OpenCV's bilinear path takes on every x86 build.
/// Sums are bounded (|Σ| < 255 · 2¹¹ · 1.3 per pass), so the wrapping operators (`&+`, `&*`)
/// never wrap; they only drop the overflow checks that would stop vectorisation.
struct SeparableFixedPointResampler {
    enum Kernel {
        case linear
        case areaUpscale
        case lanczos4

        var taps: Int { self == .lanczos4 ? 8 : 2 }
    }

    static let coefficientScale: Float = 2048

    let source: Size
    let target: Size
    let kernel: Kernel
    /// For each output column, `taps` byte offsets into a source row (already clamped to the row).
    private let columnOffsets: [Int]
    private let columnWeights: [Int32]
    /// For each output row, `taps` source rows (clamped), and their weights.
    private let sourceRows: [Int]
    private let rowWeights: [Int32]

    init(source: Size, target: Size, kernel: Kernel) {
        self.source = source
        self.target = target
        self.kernel = kernel
        let taps = kernel.taps
        var columnOffsets = [Int](), columnWeights = [Int32]()
        columnOffsets.reserveCapacity(target.width * taps)
        columnWeights.reserveCapacity(target.width * taps)
        for dx in 0..<target.width {
            var (sx, fraction) = Self.position(of: dx, source: source.width, target: target.width, kernel: kernel)
            if kernel != .lanczos4 {
                // OpenCV pins the two bilinear taps to the edge pixel at both ends of a row.
                if sx < 0 { (sx, fraction) = (0, 0) }
                if sx >= source.width - 1 { (sx, fraction) = (source.width - 1, 0) }
            }
            let weights = Self.weights(at: fraction, kernel: kernel)
            for k in 0..<taps {
                let column = min(max(sx - taps / 2 + 1 + k, 0), source.width - 1)
                columnOffsets.append(column * 3)
                columnWeights.append(Self.fixedPoint(weights[k]))
            }
        }
        var sourceRows = [Int](), rowWeights = [Int32]()
        sourceRows.reserveCapacity(target.height * taps)
        rowWeights.reserveCapacity(target.height * taps)
        for dy in 0..<target.height {
            // Unlike columns, rows keep OpenCV's raw position and are clamped only when read.
            let (sy, fraction) = Self.position(of: dy, source: source.height, target: target.height, kernel: kernel)
            let weights = Self.weights(at: fraction, kernel: kernel)
            for k in 0..<taps {
                sourceRows.append(min(max(sy - taps / 2 + 1 + k, 0), source.height - 1))
                rowWeights.append(Self.fixedPoint(weights[k]))
            }
        }
        self.columnOffsets = columnOffsets
        self.columnWeights = columnWeights
        self.sourceRows = sourceRows
        self.rowWeights = rowWeights
    }

    /// The first tap's source index and the fractional offset, as `resizeGeneric` computes them.
    private static func position(of index: Int, source: Int, target: Int, kernel: Kernel) -> (Int, Float) {
        let inverseScale = Double(target) / Double(source)
        let scale = 1 / inverseScale
        if kernel == .areaUpscale {
            let start = Int((Double(index) * scale).rounded(.down))
            let fraction = Float(Double(index + 1) - Double(start + 1) * inverseScale)
            return (start, fraction <= 0 ? 0 : fraction - fraction.rounded(.down))
        }
        let exact = Float((Double(index) + 0.5) * scale - 0.5)
        let start = Int(exact.rounded(.down))
        return (start, exact - Float(start))
    }

    private static func fixedPoint(_ weight: Float) -> Int32 {
        Int32((weight * coefficientScale).rounded(.toNearestOrEven))
    }

    private static func weights(at fraction: Float, kernel: Kernel) -> [Float] {
        kernel == .lanczos4 ? lanczos4Weights(at: fraction) : [1 - fraction, fraction]
    }

    /// OpenCV's `interpolateLanczos4`: the window evaluated with one sine and cosine and a
    /// rotation table, then normalised in single precision.
    private static func lanczos4Weights(at x: Float) -> [Float] {
        if x < Float.ulpOfOne {
            return [0, 0, 0, 1, 0, 0, 0, 0]
        }
        let s45 = 0.70710678118654752440084436210485
        let rotations: [(Double, Double)] = [
            (1, 0), (-s45, -s45), (0, 1), (s45, -s45), (-1, 0), (s45, s45), (0, -1), (-s45, s45),
        ]
        let y0 = -Double(x + 3) * Double.pi * 0.25
        let s0 = sin(y0), c0 = cos(y0)
        var weights = [Float](repeating: 0, count: 8)
        var sum: Float = 0
        for i in 0..<8 {
            let y = -Double(x + 3 - Float(i)) * Double.pi * 0.25
            weights[i] = Float((rotations[i].0 * s0 + rotations[i].1 * c0) / (y * y))
            sum += weights[i]
        }
        let normaliser = 1 / sum
        for i in 0..<8 { weights[i] *= normaliser }
        return weights
    }

    func resample(_ image: Image) -> Image {
        let taps = kernel.taps
        let rowLength = target.width * 3
        // One filtered row per slot; a source row r lives in slot r % taps, so the taps of one
        // output row (consecutive before clamping) never evict each other.
        var ring = [Int32](repeating: 0, count: taps * rowLength)
        var ringRow = [Int](repeating: -1, count: taps)
        return image.pixels.withUnsafeBufferPointer { input in
            ring.withUnsafeMutableBufferPointer { ring in
                Image.filling(target) { output in
                    for dy in 0..<target.height {
                        for k in 0..<taps {
                            let row = sourceRows[dy * taps + k]
                            let slot = row % taps
                            if ringRow[slot] != row {
                                filterRow(input, row: row, into: UnsafeMutableBufferPointer(rebasing: ring[(slot * rowLength)...]))
                                ringRow[slot] = row
                            }
                        }
                        let destination = UnsafeMutableBufferPointer(rebasing: output[(dy * rowLength)...])
                        if taps == 2 {
                            combineLinear(ring, dy: dy, rowLength: rowLength, into: destination)
                        } else {
                            combineLanczos(ring, dy: dy, rowLength: rowLength, into: destination)
                        }
                    }
                }
            }
        }
    }

    /// Horizontal pass over one source row: `Σ pixel · weight` per output sample, unscaled.
    private func filterRow(_ input: UnsafeBufferPointer<UInt8>, row: Int, into destination: UnsafeMutableBufferPointer<Int32>) {
        let base = row * source.width * 3
        let taps = kernel.taps
        columnOffsets.withUnsafeBufferPointer { offsets in
            columnWeights.withUnsafeBufferPointer { weights in
                if taps == 2 {
                    for dx in 0..<target.width {
                        let s0 = base + offsets[2 * dx], s1 = base + offsets[2 * dx + 1]
                        let w0 = weights[2 * dx], w1 = weights[2 * dx + 1]
                        let d = dx * 3
                        destination[d] = Int32(input[s0]) &* w0 &+ Int32(input[s1]) &* w1
                        destination[d + 1] = Int32(input[s0 + 1]) &* w0 &+ Int32(input[s1 + 1]) &* w1
                        destination[d + 2] = Int32(input[s0 + 2]) &* w0 &+ Int32(input[s1 + 2]) &* w1
                    }
                } else {
                    for dx in 0..<target.width {
                        var r: Int32 = 0, g: Int32 = 0, b: Int32 = 0
                        for k in 0..<taps {
                            let s = base + offsets[dx * taps + k], w = weights[dx * taps + k]
                            r = r &+ Int32(input[s]) &* w
                            g = g &+ Int32(input[s + 1]) &* w
                            b = b &+ Int32(input[s + 2]) &* w
                        }
                        destination[dx * 3] = r
                        destination[dx * 3 + 1] = g
                        destination[dx * 3 + 2] = b
                    }
                }
            }
        }
    }

    /// `VResizeLinearVec_32s8u`: each row sum is cut to 16 bits (`>> 4`), multiplied keeping the
    /// high half, and the result rounded with `+ 2 >> 2`. This differs from the exact
    /// `(b0·r0 + b1·r1 + 2²¹) >> 22` by one grey level on about one pixel in ten, so it is what
    /// reproduces OpenCV.
    private func combineLinear(
        _ ring: UnsafeMutableBufferPointer<Int32>, dy: Int, rowLength: Int, into destination: UnsafeMutableBufferPointer<UInt8>
    ) {
        let first = (sourceRows[2 * dy] % 2) * rowLength, second = (sourceRows[2 * dy + 1] % 2) * rowLength
        let b0 = rowWeights[2 * dy], b1 = rowWeights[2 * dy + 1]
        for i in 0..<rowLength {
            let value = ((b0 &* (ring[first + i] &>> 4)) &>> 16) &+ ((b1 &* (ring[second + i] &>> 4)) &>> 16) &+ 2
            destination[i] = UInt8(clamping: value &>> 2)
        }
    }

    /// `VResizeLanczos4` with `FixedPtCast<int, uchar, 22>`: exact rounding of the 22-bit sum.
    private func combineLanczos(
        _ ring: UnsafeMutableBufferPointer<Int32>, dy: Int, rowLength: Int, into destination: UnsafeMutableBufferPointer<UInt8>
    ) {
        let taps = kernel.taps
        let rows = (0..<taps).map { (sourceRows[dy * taps + $0] % taps) * rowLength }
        let weights = (0..<taps).map { Int(rowWeights[dy * taps + $0]) }
        for i in 0..<rowLength {
            var sum = 0
            for k in 0..<taps { sum = sum &+ weights[k] &* Int(ring[rows[k] + i]) }
            destination[i] = UInt8(clamping: (sum + (1 << 21)) >> 22)
        }
    }
}
