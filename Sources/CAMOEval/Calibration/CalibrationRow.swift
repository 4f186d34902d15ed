/// One calibration image as the fitter sees it: its label, its cross-validation group and the raw scores the
/// pipeline's pixel experts gave it.
public struct CalibrationRow: Sendable, Equatable {
    public var id: String
    public var isFake: Bool
    public var group: String
    /// Raw scores of the pixel experts that judged the image (evidence experts excluded).
    public var expertScores: [String: Double]
    /// Route weights of those experts, for `weighted` aggregation.
    public var expertWeights: [String: Double]
    /// The learned aggregator's raw score, for `aggregation: learned`.
    public var learnedScore: Double?

    public init(id: String, isFake: Bool, group: String, expertScores: [String: Double], expertWeights: [String: Double] = [:],
                learnedScore: Double? = nil) {
        self.id = id
        self.isFake = isFake
        self.group = group
        self.expertScores = expertScores
        self.expertWeights = expertWeights
        self.learnedScore = learnedScore
    }
}
