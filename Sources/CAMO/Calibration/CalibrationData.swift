/// What a calibration was fitted on: enough to say "calibrated on 239 images, 14 generators" and to tell two
/// calibrations apart.
public struct CalibrationData: Sendable, Codable, Equatable {
    public var dataset: String
    /// SHA-256 over the sorted (id, label, image sha256) lines, as `camo eval` computes it.
    public var sha256: String
    /// Images that entered the fit, and how many were real and fake.
    public var images: Int
    public var reals: Int
    public var fakes: Int
    /// Images left out of the fit: decisive evidence judged them (`evidence`) or they could not be read (`unreadable`).
    public var excluded: [String: Int]
    /// Distinct values of the `generator` column among the fakes; nil when the dataset has no such column.
    public var generators: Int?
    /// How the cross-validation groups were formed, e.g. `source` or `folder (the dataset names no sources)`.
    public var groupedBy: String
    public var groups: Int
    public var folds: Int
    /// The transform both classes went through before scoring (`reencode` removes the format shortcut).
    public var transform: String
    /// The share of fakes among the images of the fit. The maps do not learn it: they are fitted with class-balanced
    /// weights, so calibrated probabilities are those of equal priors.
    public var prior: Double

    public init(dataset: String, sha256: String, images: Int, reals: Int, fakes: Int, excluded: [String: Int], generators: Int?,
                groupedBy: String, groups: Int, folds: Int, transform: String, prior: Double) {
        self.dataset = dataset
        self.sha256 = sha256
        self.images = images
        self.reals = reals
        self.fakes = fakes
        self.excluded = excluded
        self.generators = generators
        self.groupedBy = groupedBy
        self.groups = groups
        self.folds = folds
        self.transform = transform
        self.prior = prior
    }

    /// "239 images, 14 generators".
    public var summary: String {
        "\(images) images" + (generators.map { ", \($0) generators" } ?? "")
    }
}
