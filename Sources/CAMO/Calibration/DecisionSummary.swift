/// The calibrated decision rule a result was judged by: its error budget, the thresholds that budget gives on the
/// calibration data, and what that data was.
public struct DecisionSummary: Sendable, Codable, Equatable {
    public var alpha: Double
    public var beta: Double
    /// Calibrated scores strictly above this are `fake`; nil when the calibration cannot support a fake verdict.
    public var fakeAbove: Double?
    /// Calibrated scores strictly below this are `real`; nil when the calibration cannot support a real verdict.
    public var realBelow: Double?
    /// "239 images, 14 generators".
    public var calibratedOn: String
    /// The calibration data set's name and transform, e.g. `dev (reencode)`.
    public var calibrationData: String

}
