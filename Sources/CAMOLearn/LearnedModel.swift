import Foundation

/// A trained classifier with its optional calibrator and provenance: the versioned JSON file a pipeline loads.
///
/// File layout (keys sorted): `calibrator` (optional), `classifier` {`kind`: "boosted_trees" | "logistic", `model`},
/// `featureNames`, `format` ("camo-learned-model"), `provenance` (string → string), `version` (1).
public struct LearnedModel: Sendable, Codable, Equatable {
    public static let format = "camo-learned-model"
    public static let currentVersion = 1

    public var featureNames: [String]
    public var classifier: Classifier
    public var calibrator: ProbabilityCalibrator?
    /// How the model was made: command, training data digest, metrics…
    public var provenance: [String: String]

    public init(featureNames: [String], classifier: Classifier, calibrator: ProbabilityCalibrator?,
                provenance: [String: String]) {
        self.featureNames = featureNames
        self.classifier = classifier
        self.calibrator = calibrator
        self.provenance = provenance
    }

    /// The classifier's probability for a row in `featureNames` order, passed through the calibrator if any.
    public func probability(of row: ArraySlice<Float>) -> Double {
        let probability = classifier.probability(of: row)
        return calibrator?.calibrated(probability) ?? probability
    }

    /// The probability for named feature values; extra names are ignored.
    public func probability(of features: [String: Float]) throws(LearnError) -> Double {
        var row: [Float] = []
        row.reserveCapacity(featureNames.count)
        for name in featureNames {
            guard let value = features[name] else { throw .missingFeature(name) }
            guard value.isFinite else { throw .nonFinite(row: 0, column: name) }
            row.append(value)
        }
        return probability(of: row[...])
    }

    /// Writes pretty, key-sorted JSON (the same model always gives the same bytes), replacing `url` atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        try data.write(to: url, options: .atomic)
    }

    /// Reads a model file, rejecting any other format or version, unknown keys and inconsistent shapes.
    public init(contentsOf url: URL) throws(LearnError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .invalidModelFile(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw .invalidModelFile(path: url.path, reason: error.locatedDescription)
        } catch {
            throw .invalidModelFile(path: url.path, reason: "\(error)")
        }
    }

    private enum CodingKeys: String, CodingKey { case format, version, featureNames, classifier, calibrator, provenance }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        try decoder.reject(format == Self.format ? nil : "format is \"\(format)\", expected \"\(Self.format)\"")
        let version = try container.decode(Int.self, forKey: .version)
        try decoder.reject(version == Self.currentVersion
            ? nil : "version \(version) is not supported (this build reads version \(Self.currentVersion))")
        featureNames = try container.decode([String].self, forKey: .featureNames)
        classifier = try container.decode(Classifier.self, forKey: .classifier)
        calibrator = try container.decodeIfPresent(ProbabilityCalibrator.self, forKey: .calibrator)
        provenance = try container.decode([String: String].self, forKey: .provenance)
        try decoder.reject(
            Set(featureNames).count != featureNames.count ? "feature names repeat"
                : featureNames != classifier.featureNames ? "featureNames differ from the classifier's features"
                : nil)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encode(featureNames, forKey: .featureNames)
        try container.encode(classifier, forKey: .classifier)
        try container.encodeIfPresent(calibrator, forKey: .calibrator)
        try container.encode(provenance, forKey: .provenance)
    }
}
