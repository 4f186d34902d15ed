/// Maps each feature to at most `maxBins` ordered bins, as scikit-learn's `_BinMapper` does: midpoints between
/// distinct values when there are few of them, otherwise midpoint-interpolated percentiles of up to 200 000 rows.
struct FeatureBinner: Sendable {
    /// Per feature, ascending thresholds; a value `v` falls in bin `b` = number of thresholds below `v`,
    /// so `v <= thresholds[b]` exactly when its bin is at most `b`.
    let thresholds: [[Float]]

    static let maxRowsForThresholds = 200_000

    init(_ x: FeatureMatrix, maxBins: Int, random: inout SeededRandom) {
        let rows = x.rowCount > Self.maxRowsForThresholds
            ? random.sample(Self.maxRowsForThresholds, from: x.rowCount)
            : Array(0..<x.rowCount)
        thresholds = (0..<x.columnCount).map { column in
            Self.thresholds(rows.map { Double(x[$0, column]) }.sorted(), maxBins: maxBins)
        }
    }

    private static func thresholds(_ sorted: [Double], maxBins: Int) -> [Float] {
        var distinct: [Double] = []
        for value in sorted where distinct.last != value { distinct.append(value) }
        if distinct.count <= maxBins {
            return zip(distinct.dropLast(), distinct.dropFirst()).map { Float(($0 + $1) * 0.5) }
        }
        // NumPy's percentile(method: "midpoint") at 100·k/maxBins for k = 1…maxBins−1.
        // The arithmetic follows NumPy's operation order so that positions landing on a whole index agree exactly.
        let last = Double(sorted.count - 1)
        let step = 100.0 / Double(maxBins)
        return (1..<maxBins).map { k in
            let position = last * ((Double(k) * step) / 100.0)
            let lower = position.rounded(.down)
            let index = Int(lower)
            guard position > lower, index + 1 < sorted.count else { return Float(sorted[index]) }
            let (low, high) = (sorted[index], sorted[index + 1])
            return Float(high - (high - low) * 0.5)
        }
    }

    /// Column-major bins: feature `f` of row `r` is at `f * rowCount + r`.
    func bin(_ x: FeatureMatrix) -> [UInt8] {
        var bins = [UInt8](repeating: 0, count: x.rowCount * x.columnCount)
        for column in 0..<x.columnCount {
            let edges = thresholds[column]
            let base = column * x.rowCount
            for row in 0..<x.rowCount {
                bins[base + row] = UInt8(Self.bin(of: x[row, column], in: edges))
            }
        }
        return bins
    }

    /// The number of thresholds strictly below `value`.
    static func bin(of value: Float, in edges: [Float]) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if value <= edges[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
