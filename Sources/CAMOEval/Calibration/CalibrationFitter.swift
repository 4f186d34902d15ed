import CAMO
import CAMOLearn
import Foundation

/// Fits a `PipelineCalibration` from scored calibration images. Every score a map or a threshold learns from is
/// out of source: folds are grouped (by source), each fold's map is fitted on the other groups. An expert whose
/// out-of-source AUC interval reaches 0.5 gets a flat map; the combined score is built only from informative experts.
///
/// Every map is fitted with class-balanced weights, so its probabilities are those of equal priors of real and fake.
/// Without that, a fold whose other groups hold mostly fakes would lift every score of the held-out group, and the
/// pooled out-of-source scores would measure the folds' class balance rather than the expert (with sources that each
/// hold one class, as the dev set's do, even a constant score would look as if it ranked backwards).
public struct CalibrationFitter: Sendable {
    public struct Options: Sendable {
        /// Grouped cross-validation folds (fewer when there are fewer groups); default 5.
        public var folds: Int
        /// Usable images each class needs, over the data set and for an expert to be measured; default 20.
        public var minimumPerClass: Int
        /// Bootstrap resamples of the AUC interval; default 1000.
        public var resamples: Int
        /// Seed of the folds and the bootstrap; default 0.
        public var seed: UInt64
        /// Isotonic (default) or Platt constrained to increase.
        public var method: CalibrationMethod

        public init(folds: Int = 5, minimumPerClass: Int = 20, resamples: Int = 1000, seed: UInt64 = 0,
                    method: CalibrationMethod = .isotonic) {
            self.folds = folds
            self.minimumPerClass = minimumPerClass
            self.resamples = resamples
            self.seed = seed
            self.method = method
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// `experts` names the pipeline's pixel experts (a calibration entry is written for each that judged images).
    public func fit(_ rows: [CalibrationRow], pipeline: String, aggregation: Aggregation.Method, experts: [String],
                    data: CalibrationData, provenance: [String: String]) throws(CalibrationError) -> PipelineCalibration {
        guard options.folds >= 2 else { throw .invalidOption("folds must be at least 2") }
        guard options.minimumPerClass >= 1 else { throw .invalidOption("the minimum per class must be at least 1") }
        let fakes = rows.count(where: \.isFake)
        guard fakes >= options.minimumPerClass, rows.count - fakes >= options.minimumPerClass else {
            throw .tooFewImages(reals: rows.count - fakes, fakes: fakes, minimum: options.minimumPerClass)
        }
        let groupCount = Set(rows.map(\.group)).count
        guard groupCount >= 2 else { throw .tooFewGroups(groups: groupCount, groupedBy: data.groupedBy) }

        var entries: [String: ScoreCalibration] = [:]
        var outOfSource: [String: [Int: Double]] = [:]
        for name in experts {
            let indices = rows.indices.filter { rows[$0].expertScores[name] != nil }
            guard !indices.isEmpty else { continue }
            let (entry, calibrated) = calibrate(
                scores: indices.map { rows[$0].expertScores[name]! }, labels: indices.map { rows[$0].isFake },
                groups: indices.map { rows[$0].group })
            entries[name] = entry
            if entry.informative { outOfSource[name] = Dictionary(uniqueKeysWithValues: zip(indices, calibrated)) }
        }

        var combinedIndices: [Int] = []
        var combinedScores: [Double] = []
        let informative = outOfSource.keys.sorted()
        for (index, row) in rows.enumerated() {
            let inputs = informative.compactMap { name in
                outOfSource[name]?[index].map { Aggregation.Input(pFake: $0, weight: row.expertWeights[name] ?? 1, source: name) }
            }
            guard let score = PipelineCalibration.combinedScore(method: aggregation, calibratedInputs: inputs,
                                                                learnedScore: row.learnedScore) else { continue }
            combinedIndices.append(index)
            combinedScores.append(score)
        }
        let combined: ScoreCalibration
        if combinedIndices.isEmpty {
            combined = ScoreCalibration(
                images: 0, reals: 0, fakes: 0, auc: nil, aucInterval: nil, informative: false,
                note: "no informative expert judged any calibration image", map: .constant(0.5), realScores: [], fakeScores: [])
        } else {
            let labels = combinedIndices.map { rows[$0].isFake }
            let (entry, calibrated) = calibrate(scores: combinedScores, labels: labels, groups: combinedIndices.map { rows[$0].group })
            var withScores = entry
            withScores.realScores = zip(calibrated, labels).filter { !$0.1 }.map(\.0).sorted()
            withScores.fakeScores = zip(calibrated, labels).filter(\.1).map(\.0).sorted()
            combined = withScores
        }
        return PipelineCalibration(pipeline: pipeline, aggregation: aggregation, data: data, experts: entries, combined: combined,
                                   provenance: provenance)
    }

    /// One score's calibration: out-of-source calibrated values (grouped folds), their AUC and interval, and the map
    /// fitted on everything (flat unless informative).
    func calibrate(scores: [Double], labels: [Bool], groups: [String]) -> (ScoreCalibration, [Double]) {
        let fakes = labels.count(where: { $0 }), reals = labels.count - fakes
        let share = 0.5
        func flat(_ note: String, auc: Double? = nil, interval: [Double]? = nil) -> (ScoreCalibration, [Double]) {
            (ScoreCalibration(images: labels.count, reals: reals, fakes: fakes, auc: auc, aucInterval: interval, informative: false,
                              note: note, map: .constant(share)),
             Array(repeating: share, count: labels.count))
        }
        guard min(fakes, reals) >= options.minimumPerClass else {
            return flat("too few images to measure: \(reals) real, \(fakes) fake (\(options.minimumPerClass) of each needed)")
        }
        let distinctGroups = Set(groups).count
        guard distinctGroups >= 2,
              let folds = try? GroupedKFold(groups: groups, folds: min(options.folds, distinctGroups), seed: options.seed)
        else { return flat("the images it judged come from one group: nothing out of source to measure") }
        var calibrated = [Double](repeating: share, count: scores.count)
        for split in folds.splits {
            let trainLabels = split.train.map { labels[$0] }
            let map = Set(trainLabels).count == 2
                ? (try? ProbabilityCalibrator.fit(scores: split.train.map { scores[$0] }, labels: trainLabels, method: options.method,
                                                  weights: ProbabilityCalibrator.classBalancedWeights(trainLabels)))
                : nil
            // Rounded to 1e-9: the weighted means of two folds' flat maps differ in their last bits, and a pooled AUC
            // would read that noise as a ranking.
            for index in split.validation {
                calibrated[index] = ((map ?? .constant(share)).calibrated(scores[index]) * 1e9).rounded() / 1e9
            }
        }
        let auc = RankingCurves(labels: labels, scores: calibrated)?.rocAUC
        let interval = GroupedBootstrap(options: .init(resamples: options.resamples, seed: options.seed))
            .aucInterval(labels: labels, scores: calibrated, groups: groups)
        let described = "out-of-source AUC \(auc.map { String(format: "%.3f", $0) } ?? "–")"
            + (interval.map { String(format: " [%.3f, %.3f]", $0[0], $0[1]) } ?? "")
        guard let interval, interval[0] > 0.5,
              let map = try? ProbabilityCalibrator.fit(scores: scores, labels: labels, method: options.method,
                                                       weights: ProbabilityCalibrator.classBalancedWeights(labels)),
              !map.isConstant
        else {
            let why = interval.map { $0[1] < 0.5 ? "it ranks backwards out of source" : "its interval reaches 0.5" }
                ?? "too few resamples hold both classes"
            return (flat("\(described): \(why), so it is not informative on the calibration data", auc: auc, interval: interval).0,
                    calibrated)
        }
        return (ScoreCalibration(images: labels.count, reals: reals, fakes: fakes, auc: auc, aucInterval: interval, informative: true,
                                 note: "\(described): informative", map: map), calibrated)
    }
}
