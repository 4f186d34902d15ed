/// Why `camo calibrate` refused a data set.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Calibration needs both classes, each with at least `minimum` usable images.
    case tooFewImages(reals: Int, fakes: Int, minimum: Int)
    /// Out-of-source folds need at least two groups.
    case tooFewGroups(groups: Int, groupedBy: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .tooFewImages(reals, fakes, minimum):
            let one = reals == 0 || fakes == 0 ? " (one class only)" : ""
            return "cannot calibrate: \(reals) real and \(fakes) fake images are usable\(one); each class needs at least \(minimum)"
        case let .tooFewGroups(groups, groupedBy):
            return "cannot calibrate: the images form \(groups) group(s) by \(groupedBy); out-of-source folds need at least 2"
        case let .invalidOption(reason):
            return "cannot calibrate: \(reason)"
        }
    }
}
