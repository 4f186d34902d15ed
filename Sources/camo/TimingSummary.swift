/// Median, 90th percentile and minimum of repeated timings, as every `bench` command prints them.
struct TimingSummary {
    let median: Double
    let p90: Double
    let minimum: Double
    let count: Int

    /// `milliseconds` must not be empty. The median of an even count is the mean of the middle two.
    init(_ milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        p90 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]
        minimum = sorted[0]
        count = sorted.count
    }
}
