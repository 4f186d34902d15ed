import Foundation

/// Colour statistics of the image views: HSV saturation and BT.601 chroma. Generators often render saturation and
/// chroma distributions unlike camera pipelines (McCloskey & Albright 2019, "Detecting GAN-generated imagery using
/// saturation cues").
extension ForensicFeatureExtractor {
    static func colourFeatures(of views: [ColourPlanes]) -> [Double] {
        // Saturation (max − min) / max, rounded to a byte so that its quantiles come from a 256-bin histogram.
        var saturation = [Int](repeating: 0, count: 256)
        var blueChroma = MomentAccumulator(), redChroma = MomentAccumulator()
        var chromaCorrelation = CorrelationAccumulator()
        for view in views {
            let (r, g, b) = (view.channels[0], view.channels[1], view.channels[2])
            for i in 0..<(view.width * view.height) {
                let high = max(r[i], g[i], b[i]), low = min(r[i], g[i], b[i])
                saturation[high == 0 ? 0 : Int((510 * (high - low) + high) / (2 * high))] += 1
                let (red, green, blue) = (Double(r[i]), Double(g[i]), Double(b[i]))
                let cb = -0.168736 * red - 0.331264 * green + 0.5 * blue
                let cr = 0.5 * red - 0.418688 * green - 0.081312 * blue
                blueChroma.add(cb)
                redChroma.add(cr)
                chromaCorrelation.add(cb, cr)
            }
        }
        var pixels = 0.0, sum = 0.0, sumSquares = 0.0
        for (value, count) in saturation.enumerated() {
            let level = Double(value) / 255
            pixels += Double(count); sum += level * Double(count); sumSquares += level * level * Double(count)
        }
        let mean = sum / pixels
        return [
            mean, max(0, sumSquares / pixels - mean * mean).squareRoot(),
            Quantile.of(counts: saturation, 0.1) / 255, Quantile.of(counts: saturation, 0.5) / 255,
            Quantile.of(counts: saturation, 0.9) / 255,
            blueChroma.mean, blueChroma.standardDeviation, redChroma.mean, redChroma.standardDeviation,
            chromaCorrelation.correlation,
        ]
    }

    /// Luma variance of every whole 8×8 block of each view (blocks start at the view's corner): the share of blocks
    /// with variance below 1 (over-smooth, as in flat generated backgrounds) and the mean and quantiles of
    /// `log10(1 + variance)`.
    static func blockVarianceFeatures(of views: [ColourPlanes]) -> [Double] {
        let block = 8, pixels = Int64(block * block)
        var smooth = 0
        var logVariances: [Double] = []
        for view in views {
            let luma = view.scaledLuma
            for blockY in 0..<(view.height / block) {
                for blockX in 0..<(view.width / block) {
                    var sum: Int64 = 0, sumSquares: Int64 = 0
                    for y in (blockY * block)..<((blockY + 1) * block) {
                        for x in (blockX * block)..<((blockX + 1) * block) {
                            let value = luma[y * view.width + x]
                            sum += value
                            sumSquares += value * value
                        }
                    }
                    // Variance in luma² units, times 64² · 1000²; exact in integers, so the threshold never wavers.
                    let scaled = pixels * sumSquares - sum * sum
                    if scaled < pixels * pixels * 1_000_000 { smooth += 1 }
                    logVariances.append(log10(1 + Double(scaled) / Double(pixels * pixels * 1_000_000)))
                }
            }
        }
        guard !logVariances.isEmpty else { return [0, 0, 0, 0, 0] }
        logVariances.sort()
        return [
            Double(smooth) / Double(logVariances.count), logVariances.reduce(0, +) / Double(logVariances.count),
            Quantile.of(sorted: logVariances, 0.1), Quantile.of(sorted: logVariances, 0.5), Quantile.of(sorted: logVariances, 0.9),
        ]
    }
}
