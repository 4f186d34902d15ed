/// The errors a calibrated verdict may make: at most `alpha` of real images called fake and at most `beta` of fake
/// images called real, on images like the calibration data. Pipeline keys `alpha:` and `beta:`; flags `--alpha`, `--beta`.
public struct ErrorBudget: Sendable, Codable, Equatable {
    /// Share of real images called fake; default 0.01.
    public var alpha: Double
    /// Share of fake images called real; default 0.05.
    public var beta: Double

    public init(alpha: Double = 0.01, beta: Double = 0.05) {
        self.alpha = alpha
        self.beta = beta
    }

    /// Why the budget cannot be used, or nil: each share lies strictly between 0 and 1.
    public var problem: String? {
        if !(alpha > 0 && alpha < 1) { return "alpha must lie strictly between 0 and 1, is \(alpha)" }
        if !(beta > 0 && beta < 1) { return "beta must lie strictly between 0 and 1, is \(beta)" }
        return nil
    }
}
