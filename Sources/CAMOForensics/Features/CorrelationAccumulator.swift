/// Running Pearson correlation of paired values.
struct CorrelationAccumulator: Sendable {
    private var count = 0.0, sumA = 0.0, sumB = 0.0, sumAA = 0.0, sumBB = 0.0, sumAB = 0.0

    @inline(__always)
    mutating func add(_ a: Double, _ b: Double) {
        count += 1
        sumA += a; sumB += b; sumAA += a * a; sumBB += b * b; sumAB += a * b
    }

    /// 0 when either side's variance is below `MomentAccumulator.varianceFloor` (a flat side correlates with nothing).
    var correlation: Double {
        guard count > 0 else { return 0 }
        let meanA = sumA / count, meanB = sumB / count
        let varianceA = sumAA / count - meanA * meanA, varianceB = sumBB / count - meanB * meanB
        guard varianceA >= MomentAccumulator.varianceFloor, varianceB >= MomentAccumulator.varianceFloor else { return 0 }
        let value = (sumAB / count - meanA * meanB) / (varianceA * varianceB).squareRoot()
        return min(1, max(-1, value))
    }
}

/// numpy's default ("linear") quantile: the value at rank `q·(n − 1)`, interpolated between neighbours.
enum Quantile {
    static func of(sorted values: [Double], _ q: Double) -> Double {
        guard let first = values.first else { return 0 }
        guard values.count > 1 else { return first }
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, values.count - 1)
        return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
    }

    /// The same quantile of the multiset where value `v` occurs `counts[v]` times.
    static func of(counts: [Int], _ q: Double) -> Double {
        let total = counts.reduce(0, +)
        guard total > 0 else { return 0 }
        let position = q * Double(total - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, total - 1)
        func value(atRank rank: Int) -> Double {
            var seen = 0
            for (value, count) in counts.enumerated() {
                seen += count
                if rank < seen { return Double(value) }
            }
            return Double(counts.count - 1)
        }
        let low = value(atRank: lower)
        return low + (value(atRank: upper) - low) * (position - Double(lower))
    }
}
