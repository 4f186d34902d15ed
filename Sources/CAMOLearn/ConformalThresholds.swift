import Foundation

/// Class-conditional split conformal thresholds (Vovk et al. 2005, "Mondrian" conformal prediction; Angelopoulos &
/// Bates 2021, §4): from the scores of real and fake calibration images, the two thresholds that bound the error a
/// new image can suffer.
///
/// If a new real image's score is exchangeable with the real calibration scores, the chance that it lands above
/// `fakeAbove` is at most α, taken over the draw of the calibration set and the new image; likewise a new fake
/// lands below `realBelow` with chance at most β. Nothing is promised when new images come from elsewhere: that
/// is what a held-out measurement checks.
public struct ConformalThresholds: Sendable, Codable, Equatable {
    /// The share of real images the rule may call fake.
    public var alpha: Double
    /// The share of fake images the rule may call real.
    public var beta: Double
    /// A score strictly above this is `fake`; nil when the real calibration scores are too few for α (n + 1 < 1/α).
    public var fakeAbove: Double?
    /// A score strictly below this is `real`; nil when the fake calibration scores are too few for β.
    public var realBelow: Double?

    public init(alpha: Double, beta: Double, fakeAbove: Double?, realBelow: Double?) {
        self.alpha = alpha
        self.beta = beta
        self.fakeAbove = fakeAbove
        self.realBelow = realBelow
    }

    /// `fakeAbove` is the ⌈(1 − α)(n + 1)⌉-th smallest real score, `realBelow` the ⌊β(m + 1)⌋-th smallest fake score.
    public init(realScores: [Double], fakeScores: [Double], alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
        let reals = realScores.sorted()
        let fakes = fakeScores.sorted()
        // The guards absorb floating-point error in products such as 0.99 × 120, which is 118.8 and must not round up.
        let j = Int(((1 - alpha) * Double(reals.count + 1) - 1e-9).rounded(.up))
        fakeAbove = j >= 1 && j <= reals.count ? reals[j - 1] : nil
        let k = Int((beta * Double(fakes.count + 1) + 1e-9).rounded(.down))
        realBelow = k >= 1 && k <= fakes.count ? fakes[k - 1] : nil
    }

    /// True for fake, false for real, nil when the score clears neither threshold (or both, where they overlap).
    public func decide(_ score: Double) -> Bool? {
        let fake = fakeAbove.map { score > $0 } ?? false
        let real = realBelow.map { score < $0 } ?? false
        return fake == real ? nil : fake
    }
}
