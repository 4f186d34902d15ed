import CAMOLearn
import Foundation

/// A fitted, versioned calibration of one pipeline (`camo calibrate`): a monotone map per expert and one for the
/// pipeline's combined score, each fitted out of source, and the combined score's out-of-source values from which
/// the verdict thresholds follow. A pipeline names its file with `calibration:`.
public struct PipelineCalibration: Sendable, Codable, Equatable {
    public static let formatName = "camo-calibration"
    public static let currentVersion = JSONConvention.schemaVersion

    public var format: String
    public var schemaVersion: Int
    /// The pipeline it was fitted for, and that pipeline's aggregation (the combined score depends on it).
    public var pipeline: String
    public var aggregation: Aggregation.Method
    public var data: CalibrationData
    /// Pixel experts by name. An expert missing here never judged a calibration image and is not informative.
    public var experts: [String: ScoreCalibration]
    /// The combined score of the informative experts.
    public var combined: ScoreCalibration
    /// How it was made: command, version, date.
    public var provenance: [String: String]

    public init(pipeline: String, aggregation: Aggregation.Method, data: CalibrationData, experts: [String: ScoreCalibration],
                combined: ScoreCalibration, provenance: [String: String]) {
        format = Self.formatName
        schemaVersion = Self.currentVersion
        self.pipeline = pipeline
        self.aggregation = aggregation
        self.data = data
        self.experts = experts
        self.combined = combined
        self.provenance = provenance
    }

    public init(contentsOf url: URL) throws(CalibrationFileError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CalibrationFileError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            self = try JSONConvention.decoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw CalibrationFileError(path: url.path, reason: error.locatedDescription)
        } catch {
            throw CalibrationFileError(path: url.path, reason: "\(error)")
        }
        guard format == Self.formatName else {
            throw CalibrationFileError(path: url.path, reason: "format is '\(format)', not '\(Self.formatName)'")
        }
        guard schemaVersion == Self.currentVersion else {
            throw CalibrationFileError(path: url.path, reason: "schema_version \(schemaVersion) is not \(Self.currentVersion): re-run camo calibrate")
        }
        for (key, entry) in experts.sorted(by: { $0.key < $1.key }).map({ ("experts.\($0.key)", $0.value) }) + [("combined", combined)] {
            if let problem = entry.problem() { throw CalibrationFileError(path: url.path, reason: "\(key) \(problem)") }
        }
        if combined.realScores == nil || combined.fakeScores == nil {
            throw CalibrationFileError(path: url.path, reason: "combined needs real_scores and fake_scores")
        }
    }

    public func write(to url: URL) throws {
        try JSONConvention.encoder(pretty: true).encode(self).write(to: url, options: .atomic)
    }

    /// The score the combined map was fitted on: the learned aggregator's, or the pipeline's aggregation over the
    /// calibrated scores of informative experts. Nil when no informative expert judged the image. `camo calibrate`
    /// computes it the same way.
    public static func combinedScore(method: Aggregation.Method, calibratedInputs: [Aggregation.Input], learnedScore: Double?) -> Double? {
        if method == .learned, let learnedScore { return learnedScore }
        guard !calibratedInputs.isEmpty else { return nil }
        return Aggregation(method: method).combine(calibratedInputs).pFake
    }

    /// The verdict thresholds for error budgets α (reals called fake) and β (fakes called real). A combined score
    /// that is not informative gives no thresholds: nothing but evidence can then decide.
    public func thresholds(alpha: Double, beta: Double) -> ConformalThresholds {
        guard combined.informative else { return ConformalThresholds(alpha: alpha, beta: beta, fakeAbove: nil, realBelow: nil) }
        return ConformalThresholds(realScores: combined.realScores ?? [], fakeScores: combined.fakeScores ?? [], alpha: alpha, beta: beta)
    }
}

/// A calibration file that cannot be used, and why.
public struct CalibrationFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String

    public var description: String { "calibration \(path): \(reason)" }
}
