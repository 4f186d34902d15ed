import Foundation

/// Noise-residual statistics of the image views: NPR and KV per channel, first- to third-order SRM residuals,
/// a histogram of quantised second-order residuals, co-occurrences of truncated first-order residuals and the
/// correlation of KV residuals across channels.
extension ForensicFeatureExtractor {
    /// Pairs of residual directions pooled into one statistic, by order.
    static let srmOrders: [[ResidualFilter]] = [
        [.firstOrderHorizontal, .firstOrderVertical],
        [.secondOrderHorizontal, .secondOrderVertical],
        [.thirdOrderHorizontal, .thirdOrderVertical],
    ]
    /// Truncation of quantised residuals (`T` in Fridrich & Kodovsky 2012): values are clamped to `−T...T`.
    static let truncation = 2

    static func residualFeatures(of views: [ColourPlanes]) -> [Double] {
        var npr = [MomentAccumulator](repeating: .init(), count: 3), kv = npr
        var orders = [MomentAccumulator](repeating: .init(), count: srmOrders.count)
        var histogram = [Int](repeating: 0, count: truncation + 1)
        var cooccurrences = [Int](repeating: 0, count: (2 * truncation + 1) * (2 * truncation + 1))
        var redGreen = CorrelationAccumulator(), greenBlue = CorrelationAccumulator()
        for view in views {
            var kvResiduals: [[Double]] = []
            for channel in 0..<3 {
                let plane = view.channels[channel]
                npr[channel].merge(ResidualFilter.neighbouringPixelRelation.moments(of: plane, width: view.width, height: view.height))
                kv[channel].merge(ResidualFilter.kv.moments(of: plane, width: view.width, height: view.height))
                kvResiduals.append(kvResidualValues(of: plane, width: view.width, height: view.height))
                for (order, filters) in srmOrders.enumerated() {
                    for filter in filters { orders[order].merge(filter.moments(of: plane, width: view.width, height: view.height)) }
                }
                addSecondOrderHistogram(of: plane, width: view.width, height: view.height, into: &histogram)
                addCooccurrences(of: plane, width: view.width, height: view.height, into: &cooccurrences)
            }
            for i in kvResiduals[0].indices {
                redGreen.add(kvResiduals[0][i], kvResiduals[1][i])
                greenBlue.add(kvResiduals[1][i], kvResiduals[2][i])
            }
        }
        var values: [Double] = []
        for accumulator in npr + kv + orders {
            values += [accumulator.meanAbsolute, accumulator.standardDeviation, accumulator.excessKurtosis]
        }
        let histogramTotal = Double(max(1, histogram.reduce(0, +)))
        values += histogram.map { Double($0) / histogramTotal }
        values += cooccurrenceSummary(cooccurrences)
        values += [redGreen.correlation, greenBlue.correlation]
        return values
    }

    static func kvResidualValues(of plane: [Int32], width: Int, height: Int) -> [Double] {
        let (xs, ys) = ResidualFilter.kv.anchors(width: width, height: height)
        var values: [Double] = []
        values.reserveCapacity(xs.count * ys.count)
        plane.withUnsafeBufferPointer { p in
            for y in ys { for x in xs { values.append(Double(ResidualFilter.kv.residual(x: x, y: y, in: p, width: width)) / 12) } }
        }
        return values
    }

    /// Counts second-order residuals (both directions) by quantised magnitude.
    static func addSecondOrderHistogram(of plane: [Int32], width: Int, height: Int, into histogram: inout [Int]) {
        var counts = (0, 0, 0)
        plane.withUnsafeBufferPointer { p in
            for filter in srmOrders[1] {
                let (xs, ys) = filter.anchors(width: width, height: height)
                for y in ys {
                    for x in xs {
                        switch quantisedMagnitude(filter.residual(x: x, y: y, in: p, width: width), step: 2) {
                        case 0: counts.0 += 1
                        case 1: counts.1 += 1
                        default: counts.2 += 1
                        }
                    }
                }
            }
        }
        histogram[0] += counts.0; histogram[1] += counts.1; histogram[2] += counts.2
    }

    /// `min(T, |round(r / step)|)`, rounding halves away from zero.
    @inline(__always)
    static func quantisedMagnitude(_ residual: Int32, step: Int32) -> Int {
        min(truncation, Int((abs(residual) + step / 2) / step))
    }

    /// Counts pairs of neighbouring first-order residuals clamped to `−T...T`: horizontal residuals with their right
    /// neighbour, vertical residuals with the one below (the SPAM-style co-occurrence, symmetric in direction).
    static func addCooccurrences(of plane: [Int32], width: Int, height: Int, into counts: inout [Int]) {
        let t = Int32(truncation), side = 2 * truncation + 1
        @inline(__always) func clamped(_ r: Int32) -> Int { Int(min(t, max(-t, r)) + t) }
        plane.withUnsafeBufferPointer { p in
            if width >= 3 {
                for y in 0..<height {
                    let row = y * width
                    for x in 0..<(width - 2) {
                        counts[clamped(p[row + x + 1] - p[row + x]) * side + clamped(p[row + x + 2] - p[row + x + 1])] += 1
                    }
                }
            }
            if height >= 3 {
                for y in 0..<(height - 2) {
                    let row = y * width
                    for x in 0..<width {
                        let a = p[row + width + x] - p[row + x], b = p[row + 2 * width + x] - p[row + width + x]
                        counts[clamped(a) * side + clamped(b)] += 1
                    }
                }
            }
        }
    }

    /// Joint probability of `(0, 0)`, of equal pairs, energy `Σp²`, entropy `−Σp·ln p` and contrast `Σ(a − b)²·p`.
    static func cooccurrenceSummary(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return [0, 0, 0, 0, 0] }
        let side = 2 * truncation + 1
        var diagonal = 0.0, energy = 0.0, entropy = 0.0, contrast = 0.0
        for a in 0..<side {
            for b in 0..<side {
                let p = Double(counts[a * side + b]) / Double(total)
                guard p > 0 else { continue }
                if a == b { diagonal += p }
                energy += p * p
                entropy -= p * log(p)
                contrast += Double((a - b) * (a - b)) * p
            }
        }
        return [Double(counts[truncation * side + truncation]) / Double(total), diagonal, energy, entropy, contrast]
    }
}
