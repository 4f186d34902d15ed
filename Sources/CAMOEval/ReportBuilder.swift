import Foundation

/// Turns predictions into metrics: overall, per slice, per route, with bootstrap intervals.
public struct ReportBuilder: Sendable {
    public struct Options: Sendable {
        /// The decision threshold for the confusion matrix; default 0.5. Fixed in advance, never tuned on the data reported.
        public var threshold: Double
        public var bootstrap: BootstrapIntervals.Options
        /// A manifest column becomes a slice key only when it has at most this many distinct values; default 30
        /// (so free-text columns such as notes or licences are not sliced).
        public var maximumSliceValues: Int
        /// Images listed in each gallery; default 6.
        public var galleryCount: Int

        public init(threshold: Double = 0.5, bootstrap: BootstrapIntervals.Options = .init(), maximumSliceValues: Int = 30,
                    galleryCount: Int = 6) {
            self.threshold = threshold
            self.bootstrap = bootstrap
            self.maximumSliceValues = maximumSliceValues
            self.galleryCount = galleryCount
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The slice keys of `items`: manifest columns with few distinct values, `content`/`generator`/`source` first.
    public func sliceKeys(_ items: [DatasetItem]) -> [String] {
        var values: [String: Set<String>] = [:]
        for item in items {
            for (key, value) in item.attributes { values[key, default: []].insert(value) }
        }
        let preferred = ["content", "generator", "source"]
        let usable = values.filter { $0.value.count <= options.maximumSliceValues }.keys
        return preferred.filter(usable.contains) + usable.filter { !preferred.contains($0) }.sorted()
    }

    public func report(system: String, items: [DatasetItem], predictions: [Prediction]) -> SystemReport {
        let byID = Dictionary(predictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pairs = items.compactMap { item in byID[item.id].map { (item, $0) } }
        var slices: [SystemReport.Slice] = []
        for key in sliceKeys(items) {
            let groups = Dictionary(grouping: pairs) { $0.0.attributes[key] ?? "(none)" }
            for value in groups.keys.sorted() { slices.append(slice(key: key, value: value, groups[value] ?? [])) }
        }
        let routeGroups = Dictionary(grouping: pairs) { $0.1.routeDescription }
        for value in routeGroups.keys.sorted() { slices.append(slice(key: "route", value: value, routeGroups[value] ?? [])) }

        let withContent = pairs.filter { $0.0.attributes["content"] != nil && $0.1.content != nil }
        let agreement = withContent.isEmpty ? nil
            : Double(withContent.count(where: { $0.0.attributes["content"] == $0.1.content })) / Double(withContent.count)

        let scored = pairs.compactMap { pair in pair.1.pFake.map { (pair.0, pair.1, $0) } }
        let labels = scored.map(\.0.isFake), scores = scored.map(\.2)
        let mistakes = { (isFake: Bool) -> [SystemReport.Mistake] in
            scored.filter { $0.0.isFake == isFake && (($0.2 >= self.options.threshold) != isFake) }
                .sorted { isFake ? $0.2 < $1.2 : $0.2 > $1.2 }
                .prefix(self.options.galleryCount)
                .map { SystemReport.Mistake(id: $0.0.id, isFake: isFake, pFake: $0.2, route: $0.1.routeDescription) }
        }
        let times = pairs.map(\.1.milliseconds).filter { $0 > 0 }.sorted()
        return SystemReport(
            system: system,
            overall: slice(key: "all", value: "all", pairs),
            slices: slices,
            gateAgreement: agreement,
            routes: routeGroups.mapValues(\.count),
            curves: RankingCurves(labels: labels, scores: scores),
            riskCoverage: RiskCoverage(labels: labels, scores: scores),
            rawRocAUC: {
                let raw = pairs.compactMap { pair in pair.1.pFakeRaw.map { (pair.0.isFake, $0) } }
                return RankingCurves(labels: raw.map(\.0), scores: raw.map(\.1))?.rocAUC
            }(),
            reliability: Self.reliability(labels: labels, scores: scores),
            worstFalsePositives: mistakes(false),
            worstFalseNegatives: mistakes(true),
            medianMilliseconds: times.isEmpty ? nil : times[times.count / 2])
    }

    private func slice(key: String, value: String, _ pairs: [(DatasetItem, Prediction)]) -> SystemReport.Slice {
        let scored = pairs.compactMap { pair in pair.1.pFake.map { (pair.0.isFake, $0) } }
        let labels = scored.map(\.0), scores = scored.map(\.1)
        let metrics = BinaryMetrics(labels: labels, scores: scores, threshold: options.threshold)
        return SystemReport.Slice(
            key: key, value: value, images: pairs.count, scored: scored.count, metrics: metrics,
            intervals: metrics == nil ? nil
                : BootstrapIntervals(labels: labels, scores: scores, threshold: options.threshold, options: options.bootstrap),
            selective: SelectiveMetrics(labels: pairs.map(\.0.isFake), verdicts: pairs.map(\.1.verdict), bases: pairs.map(\.1.basis)))
    }

    static func reliability(labels: [Bool], scores: [Double]) -> [SystemReport.ReliabilityBin] {
        (0..<10).compactMap { bin in
            let lower = Double(bin) / 10, upper = Double(bin + 1) / 10
            let members = zip(labels, scores).filter { $0.1 >= lower && ($0.1 < upper || (bin == 9 && $0.1 <= 1)) }
            guard !members.isEmpty else { return nil }
            return SystemReport.ReliabilityBin(
                lower: lower, upper: upper, count: members.count,
                meanPredicted: members.map(\.1).reduce(0, +) / Double(members.count),
                fractionFake: Double(members.count(where: \.0)) / Double(members.count))
        }
    }
}
