/// What a verdict rests on.
public enum VerdictBasis: String, Sendable, Codable, CaseIterable {
    /// A decisive evidence expert spoke: generator metadata, a manifest, a watermark.
    case evidence
    /// The experts that are informative on the pipeline's calibration data, through the calibrated decision rule.
    case calibratedExperts = "calibrated_experts"
    /// Nothing informative judged the image: the verdict is `uncertain`.
    case none
    /// A pipeline without a calibration file: raw scores against a fixed threshold, with no error budget.
    case uncalibratedExperts = "uncalibrated_experts"
}
