/// The order statistics CAMO reports: medians of scores and timings, percentiles of timings.
public enum Quantiles {
    /// The median of `values`, the mean of the middle two for an even count; nil when there are none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `q`-quantile by nearest rank, the ⌈q·n⌉-th smallest value (the smallest for q = 0); nil when there are none.
    public static func nearestRank(_ q: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
    }
}
