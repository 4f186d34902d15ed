/// One system's metrics over a dataset: overall, per slice, with confidence intervals.
public struct SystemReport: Sendable, Codable, Equatable {
    /// Metrics over one subset of images.
    public struct Slice: Sendable, Codable, Equatable {
        public var key: String
        public var value: String
        /// Images in the slice, judged or not.
        public var images: Int
        /// Images the system gave a score (the metrics cover only these).
        public var scored: Int
        public var metrics: BinaryMetrics?
        public var intervals: BootstrapIntervals?
        /// What the verdicts did: coverage, accuracy of definite verdicts, reals called fake, fakes called real.
        public var selective: SelectiveMetrics?
    }

    /// An image the system got most wrong, for the report's gallery.
    public struct Mistake: Sendable, Codable, Equatable {
        public var id: String
        public var isFake: Bool
        public var pFake: Double
        public var route: String
    }

    public var system: String
    public var overall: Slice
    public var slices: [Slice]
    /// Share of images with a manifest `content` whose gate decision matched it; nil without that column.
    public var gateAgreement: Double?
    /// Route (content: experts) → images.
    public var routes: [String: Int]
    public var curves: RankingCurves?
    /// Error rate against coverage when only the most confident answers are kept.
    public var riskCoverage: RiskCoverage?
    /// ROC AUC of the experts' raw aggregate (`p_fake_raw`), to set beside the calibrated score's: how the raw
    /// scores rank, whether or not the calibration let them move verdicts.
    public var rawRocAUC: Double?
    /// Scores and labels in (predicted probability bin) order, for the reliability diagram: 10 bins of width 0.1.
    public var reliability: [ReliabilityBin]
    public var worstFalsePositives: [Mistake]
    public var worstFalseNegatives: [Mistake]
    public var medianMilliseconds: Double?

    /// Camel case without the acronym, so that `JSONConvention` writes `raw_roc_auc` and reads it back.
    enum CodingKeys: String, CodingKey {
        case system, overall, slices, gateAgreement, routes, curves, riskCoverage, reliability, worstFalsePositives
        case worstFalseNegatives, medianMilliseconds
        case rawRocAUC = "rawRocAuc"
    }

    public struct ReliabilityBin: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanPredicted: Double
        public var fractionFake: Double
    }
}
