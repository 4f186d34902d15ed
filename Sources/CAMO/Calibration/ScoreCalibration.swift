import CAMOLearn

/// How one score (an expert's, or the pipeline's combined score) maps to a probability, and what the calibration
/// data said of it.
public struct ScoreCalibration: Sendable, Codable, Equatable {
    /// Calibration images the score was measured on, and how many of them were real and fake.
    public var images: Int
    public var reals: Int
    public var fakes: Int
    /// ROC AUC of the out-of-source calibrated scores, and its 95 % bootstrap interval; nil with one class.
    public var auc: Double?
    public var aucInterval: [Double]?
    /// False when the AUC interval reaches 0.5 (or the score could not be measured): the map is then flat, and the
    /// score shows but moves no verdict.
    public var informative: Bool
    /// One line on why it is or is not informative.
    public var note: String
    /// The monotone map fitted on every calibration image.
    public var map: ProbabilityCalibrator
    /// For the pipeline's combined score only: the out-of-source calibrated scores of the real and the fake
    /// calibration images, from which the conformal thresholds are computed for any α and β.
    public var realScores: [Double]?
    public var fakeScores: [Double]?

    public init(images: Int, reals: Int, fakes: Int, auc: Double?, aucInterval: [Double]?, informative: Bool, note: String,
                map: ProbabilityCalibrator, realScores: [Double]? = nil, fakeScores: [Double]? = nil) {
        self.images = images
        self.reals = reals
        self.fakes = fakes
        self.auc = auc
        self.aucInterval = aucInterval
        self.informative = informative
        self.note = note
        self.map = map
        self.realScores = realScores
        self.fakeScores = fakeScores
    }

    /// A reason this entry cannot be used, or nil.
    func problem() -> String? {
        if informative && map.isConstant { return "is marked informative but its map is flat" }
        if let interval = aucInterval, interval.count != 2 || !interval.allSatisfy(\.isFinite) {
            return "auc_interval needs two finite numbers"
        }
        for scores in [realScores, fakeScores].compactMap({ $0 }) where !scores.allSatisfy({ (0...1).contains($0) }) {
            return "calibrated scores must lie in [0, 1]"
        }
        return nil
    }
}
