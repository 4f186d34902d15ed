/// OpenCV `INTER_AREA` for shrinking (`resizeAreaFast_` for whole-number factors, otherwise
/// `resizeArea_` with the weight tables of `computeResizeAreaTab`), with the same single-precision
/// accumulation order, so the output matches to the bit in almost all pixels.
struct AreaResampler {
    /// One contribution of a source sample to an output sample.
    struct Tap {
        var target: Int
        var source: Int
        var weight: Float
    }

    let source: Size
    let target: Size

    func resample(_ image: Image) -> Image {
        let scaleX = Double(source.width) / Double(target.width)
        let scaleY = Double(source.height) / Double(target.height)
        let wholeX = Int(scaleX.rounded()), wholeY = Int(scaleY.rounded())
        if abs(scaleX - Double(wholeX)) < Double.ulpOfOne, abs(scaleY - Double(wholeY)) < Double.ulpOfOne {
            return averageBlocks(image, blockWidth: wholeX, blockHeight: wholeY)
        }
        return accumulate(
            image,
            columns: Self.taps(source: source.width, target: target.width, scale: scaleX),
            rows: Self.taps(source: source.height, target: target.height, scale: scaleY))
    }

    /// `computeResizeAreaTab`: each output cell covers `scale` source samples; partial samples at
    /// either end get their covered fraction.
    static func taps(source: Int, target: Int, scale: Double) -> [Tap] {
        var taps = [Tap]()
        taps.reserveCapacity(source * 2)
        for d in 0..<target {
            let start = Double(d) * scale
            let end = start + scale
            let cellWidth = min(scale, Double(source) - start)
            var first = Int(start.rounded(.up))
            var last = Int(end.rounded(.down))
            last = min(last, source - 1)
            first = min(first, last)
            if Double(first) - start > 1e-3 {
                taps.append(Tap(target: d, source: first - 1, weight: Float((Double(first) - start) / cellWidth)))
            }
            for s in first..<max(first, last) {
                taps.append(Tap(target: d, source: s, weight: Float(1.0 / cellWidth)))
            }
            if end - Double(last) > 1e-3 {
                taps.append(Tap(target: d, source: last, weight: Float(min(min(end - Double(last), 1), cellWidth) / cellWidth)))
            }
        }
        return taps
    }

    /// `ResizeArea_Invoker`: filter each contributing source row horizontally into `buffer`, add
    /// it to the output row's `sum` with the row weight, and round the sum when the row is done.
    private func accumulate(_ image: Image, columns: [Tap], rows: [Tap]) -> Image {
        let rowLength = target.width * 3
        var buffer = [Float](repeating: 0, count: rowLength)
        var sum = [Float](repeating: 0, count: rowLength)
        return image.pixels.withUnsafeBufferPointer { input in
            Image.filling(target) { output in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    sum.withUnsafeMutableBufferPointer { sum in
                        columns.withUnsafeBufferPointer { columns in
                            var currentRow = -1
                            func flush(_ row: Int) {
                                let base = row * rowLength
                                for i in 0..<rowLength { output[base + i] = roundedByte(sum[i]) }
                            }
                            for rowTap in rows {
                                let base = rowTap.source * source.width * 3
                                for i in 0..<rowLength { buffer[i] = 0 }
                                for tap in columns {
                                    let s = base + tap.source * 3, d = tap.target * 3
                                    buffer[d] = buffer[d] + Float(input[s]) * tap.weight
                                    buffer[d + 1] = buffer[d + 1] + Float(input[s + 1]) * tap.weight
                                    buffer[d + 2] = buffer[d + 2] + Float(input[s + 2]) * tap.weight
                                }
                                let beta = rowTap.weight
                                if rowTap.target != currentRow {
                                    if currentRow >= 0 { flush(currentRow) }
                                    for i in 0..<rowLength { sum[i] = beta * buffer[i] }
                                    currentRow = rowTap.target
                                } else {
                                    for i in 0..<rowLength { sum[i] += beta * buffer[i] }
                                }
                            }
                            if currentRow >= 0 { flush(currentRow) }
                        }
                    }
                }
            }
        }
    }

    /// `resizeAreaFast_`: the plain mean of each block. OpenCV's 2×2 SIMD kernel rounds halves up
    /// (`(sum + 2) >> 2`); other block sizes multiply by `1/area` in single precision and round
    /// to nearest even.
    private func averageBlocks(_ image: Image, blockWidth: Int, blockHeight: Int) -> Image {
        let area = blockWidth * blockHeight
        let reciprocal = 1 / Float(area)
        let sourceRow = source.width * 3
        return image.pixels.withUnsafeBufferPointer { input in
            Image.filling(target) { output in
                for dy in 0..<target.height {
                    for dx in 0..<target.width {
                        for c in 0..<3 {
                            var total = 0
                            for by in 0..<blockHeight {
                                let base = (dy * blockHeight + by) * sourceRow + (dx * blockWidth) * 3 + c
                                for bx in 0..<blockWidth { total += Int(input[base + bx * 3]) }
                            }
                            let index = (dy * target.width + dx) * 3 + c
                            if blockWidth == 2, blockHeight == 2 {
                                output[index] = UInt8(clamping: (total + 2) >> 2)
                            } else {
                                output[index] = roundedByte(Float(total) * reciprocal)
                            }
                        }
                    }
                }
            }
        }
    }
}
