/// Hyper-parameters of `LogisticProbe`; the objective is scikit-learn's `LogisticRegression` with an L2 penalty.
public struct LogisticProbeOptions: Sendable, Codable, Equatable {
    /// scikit-learn's `C`: the weight of the summed log-loss against ½‖w‖² (the intercept is not penalised). Default 1.
    public var inverseRegularization: Double = 1
    /// Newton iterations at most. Default 1000.
    public var maxIterations: Int = 1000
    /// Stop when every gradient component of the objective divided by C·rows is at most this. Default 1e-6.
    public var tolerance: Double = 1e-6
    /// Centre and scale each feature by the training mean and standard deviation (kept in the model). Default true.
    public var standardize: Bool = true

    public init() {}

    func validate() throws(LearnError) {
        guard inverseRegularization > 0, inverseRegularization.isFinite else {
            throw .invalidOption(name: "inverseRegularization", reason: "must be positive, is \(inverseRegularization)")
        }
        guard maxIterations >= 1 else {
            throw .invalidOption(name: "maxIterations", reason: "must be at least 1, is \(maxIterations)")
        }
        guard tolerance > 0, tolerance.isFinite else {
            throw .invalidOption(name: "tolerance", reason: "must be positive, is \(tolerance)")
        }
    }
}
