/// Percentile bootstrap intervals that resample whole groups (sources), so that images from one source, which
/// resemble each other, are not counted as independent evidence. With fewer than five groups it resamples images.
public struct GroupedBootstrap: Sendable {
    public var options: BootstrapIntervals.Options

    public init(options: BootstrapIntervals.Options = .init()) {
        self.options = options
    }

    /// The ROC AUC interval as [low, high]; nil when fewer than half the resamples hold both classes.
    public func aucInterval(labels: [Bool], scores: [Double], groups: [String]) -> [Double]? {
        guard !labels.isEmpty, options.resamples > 0 else { return nil }
        var members: [String: [Int]] = [:]
        for (index, group) in groups.enumerated() { members[group, default: []].append(index) }
        let clusters = members.count >= 5 ? members.keys.sorted().map { members[$0]! } : labels.indices.map { [$0] }
        var generator = SeededGenerator(seed: options.seed)
        var values: [Double] = []
        var sampleLabels: [Bool] = [], sampleScores: [Double] = []
        for _ in 0..<options.resamples {
            sampleLabels.removeAll(keepingCapacity: true)
            sampleScores.removeAll(keepingCapacity: true)
            for _ in clusters.indices {
                for index in clusters[Int(generator.next() % UInt64(clusters.count))] {
                    sampleLabels.append(labels[index])
                    sampleScores.append(scores[index])
                }
            }
            if let auc = RankingCurves(labels: sampleLabels, scores: sampleScores)?.rocAUC { values.append(auc) }
        }
        guard values.count >= options.resamples / 2 else { return nil }
        let sorted = values.sorted()
        let tail = (1 - options.confidence) / 2
        return [BootstrapIntervals.quantile(sorted, tail), BootstrapIntervals.quantile(sorted, 1 - tail)]
    }
}
