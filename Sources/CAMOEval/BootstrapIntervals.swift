/// Percentile bootstrap confidence intervals for every scalar metric, from a seeded resampler so a
/// report is reproducible.
public struct BootstrapIntervals: Sendable, Codable, Equatable {
    public struct Interval: Sendable, Codable, Equatable {
        public var low: Double
        public var high: Double
    }

    public struct Options: Sendable, Codable, Equatable {
        /// Resamples drawn; default 1000.
        public var resamples: Int
        /// Two-sided coverage; default 0.95.
        public var confidence: Double
        /// Seed of the resampler; default 0.
        public var seed: UInt64

        public init(resamples: Int = 1000, confidence: Double = 0.95, seed: UInt64 = 0) {
            self.resamples = resamples
            self.confidence = confidence
            self.seed = seed
        }
    }

    /// Metric report name → interval. A metric undefined in too many resamples (one class only) is absent.
    public var intervals: [String: Interval]

    public init(labels: [Bool], scores: [Double], threshold: Double, options: Options = Options()) {
        intervals = [:]
        guard labels.count > 1, options.resamples > 0 else { return }
        var generator = SeededGenerator(seed: options.seed)
        var samples: [String: [Double]] = [:]
        var sampleLabels = [Bool](repeating: false, count: labels.count)
        var sampleScores = [Double](repeating: 0, count: labels.count)
        for _ in 0..<options.resamples {
            for i in labels.indices {
                let pick = Int(generator.next() % UInt64(labels.count))
                sampleLabels[i] = labels[pick]
                sampleScores[i] = scores[pick]
            }
            guard let metrics = BinaryMetrics(labels: sampleLabels, scores: sampleScores, threshold: threshold) else { continue }
            for name in BinaryMetrics.scalarNames {
                if let value = metrics.value(name) { samples[name, default: []].append(value) }
            }
        }
        let tail = (1 - options.confidence) / 2
        for (name, values) in samples where values.count >= options.resamples / 2 {
            let sorted = values.sorted()
            intervals[name] = Interval(low: Self.quantile(sorted, tail), high: Self.quantile(sorted, 1 - tail))
        }
    }

    /// Linear interpolation between order statistics (numpy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
