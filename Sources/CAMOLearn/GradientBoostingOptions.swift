/// Hyper-parameters of `GradientBoostedTrees`; the defaults are those of scikit-learn's `HistGradientBoostingClassifier`.
public struct GradientBoostingOptions: Sendable, Codable, Equatable {
    /// Shrinkage applied to every leaf value. Default 0.1.
    public var learningRate: Double = 0.1
    /// Upper bound on the number of trees. Default 100.
    public var maxIterations: Int = 100
    /// Leaves per tree, grown best-first. Default 31.
    public var maxLeafNodes: Int = 31
    /// Depth limit (the root has depth 0); `nil` means no limit. Default `nil`.
    public var maxDepth: Int? = nil
    /// Fewest training rows a leaf may hold. Default 20.
    public var minSamplesLeaf: Int = 20
    /// L2 penalty λ on leaf values, which are −G/(H+λ). Default 0.
    public var l2Regularization: Double = 0
    /// Histogram bins per feature, 2…255. Default 255.
    public var maxBins: Int = 255
    /// Fraction of training rows drawn (without replacement) for each tree. Default 1.
    public var rowSubsample: Double = 1
    /// Fraction of features drawn for each tree. Default 1.
    public var columnSubsample: Double = 1
    /// Hold out `validationFraction` of the rows (stratified) and stop when the validation log-loss has not improved
    /// by more than `tolerance` for `patience` iterations. Default `true`.
    public var earlyStopping: Bool = true
    /// Default 0.1.
    public var validationFraction: Double = 0.1
    /// Default 10.
    public var patience: Int = 10
    /// Default 1e-7.
    public var tolerance: Double = 1e-7
    /// Seeds the validation split and the subsampling. Default 0.
    public var seed: UInt64 = 0

    public init() {}

    func validate() throws(LearnError) {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(LearnError) {
            if !ok { throw .invalidOption(name: name, reason: reason) }
        }
        try check(learningRate > 0 && learningRate.isFinite, "learningRate", "must be positive, is \(learningRate)")
        try check(maxIterations >= 1, "maxIterations", "must be at least 1, is \(maxIterations)")
        try check(maxLeafNodes >= 2, "maxLeafNodes", "must be at least 2, is \(maxLeafNodes)")
        try check((maxDepth ?? 1) >= 1, "maxDepth", "must be at least 1, is \(maxDepth ?? 0)")
        try check(minSamplesLeaf >= 1, "minSamplesLeaf", "must be at least 1, is \(minSamplesLeaf)")
        try check(l2Regularization >= 0 && l2Regularization.isFinite, "l2Regularization",
                  "must be zero or positive, is \(l2Regularization)")
        try check((2...255).contains(maxBins), "maxBins", "must be in 2…255, is \(maxBins)")
        try check(rowSubsample > 0 && rowSubsample <= 1, "rowSubsample", "must be in (0, 1], is \(rowSubsample)")
        try check(columnSubsample > 0 && columnSubsample <= 1, "columnSubsample",
                  "must be in (0, 1], is \(columnSubsample)")
        try check(validationFraction > 0 && validationFraction < 1, "validationFraction",
                  "must be in (0, 1), is \(validationFraction)")
        try check(patience >= 1, "patience", "must be at least 1, is \(patience)")
        try check(tolerance >= 0 && tolerance.isFinite, "tolerance", "must be zero or positive, is \(tolerance)")
    }
}
