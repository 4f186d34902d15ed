import CAMO

/// Median, 90th percentile and minimum of repeated timings, as every `bench` command prints them.
struct TimingSummary {
    let median: Double
    let p90: Double
    let minimum: Double
    let count: Int

    /// `milliseconds` must not be empty. The median of an even count is the mean of the middle two.
    init(_ milliseconds: [Double]) {
        median = Quantiles.median(milliseconds) ?? 0
        p90 = Quantiles.nearestRank(0.9, of: milliseconds) ?? 0
        minimum = milliseconds.min() ?? 0
        count = milliseconds.count
    }
}
