import CAMO
import Foundation

/// `camo calibrate` from start to finish: scores a labelled data set with the pipeline's raw experts (every image,
/// real or fake, through the same transform), then fits the calibration out of source.
public struct CalibrationSession: Sendable {
    public var pipeline: Pipeline
    public var runner: EvaluationRunner
    public var fitter: CalibrationFitter
    /// The manifest column that groups images for the folds; default `source`.
    public var groupColumn: String

    /// `pipeline` is used without its calibration: calibration learns from raw scores.
    public init(pipeline: Pipeline, runner: EvaluationRunner, fitter: CalibrationFitter = CalibrationFitter(),
                groupColumn: String = "source") {
        var raw = pipeline
        raw.calibration = nil
        self.pipeline = raw
        self.runner = runner
        self.fitter = fitter
        self.groupColumn = groupColumn
    }

    /// Scores `dataset` (cached under `systemHash`) and fits the calibration.
    public func run(_ dataset: Dataset, datasetName: String, systemHash: String, provenance: [String: String],
                    progress: EvaluationRunner.Progress? = nil) async throws(CalibrationError) -> PipelineCalibration {
        let system = EvaluatedSystem(name: pipeline.name, hash: "\(systemHash)/raw", scorer: pipeline)
        let predictions = await runner.run(dataset.items, systems: [system], progress: progress)
        return try fit(dataset.items, predictions: predictions, datasetName: datasetName, provenance: provenance)
    }

    /// The fit from predictions already made (also what `run` does after scoring).
    public func fit(_ items: [DatasetItem], predictions: [Prediction], datasetName: String,
                    provenance: [String: String]) throws(CalibrationError) -> PipelineCalibration {
        let byID = Dictionary(predictions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pixelExperts = pipeline.experts.filter { !$0.decisive }.map(\.name)
        let hasGroups = items.contains { $0.attributes[groupColumn] != nil }
        var rows: [CalibrationRow] = []
        var excluded: [String: Int] = [:]
        var generators = Set<String>()
        for item in items {
            guard let prediction = byID[item.id], prediction.pFakeRaw != nil || !prediction.experts.isEmpty else {
                excluded["unreadable", default: 0] += 1
                continue
            }
            if prediction.basis == VerdictBasis.evidence.rawValue {
                excluded["evidence", default: 0] += 1
                continue
            }
            if item.isFake, let generator = item.attributes["generator"] { generators.insert(generator) }
            let scores = prediction.experts.filter { pixelExperts.contains($0.key) }
            rows.append(CalibrationRow(
                id: item.id, isFake: item.isFake,
                group: hasGroups ? item.attributes[groupColumn] ?? "(none)" : item.id,
                expertScores: scores, expertWeights: prediction.expertWeights ?? [:],
                learnedScore: pipeline.aggregation.method == .learned ? prediction.pFakeRaw : nil))
        }
        let fakes = rows.filter(\.isFake)
        let data = CalibrationData(
            dataset: datasetName,
            sha256: EvaluationResults.datasetHash(items, predictions: predictions),
            images: rows.count, reals: rows.count - fakes.count, fakes: fakes.count, excluded: excluded,
            generators: items.contains { $0.attributes["generator"] != nil } ? generators.count : nil,
            groupedBy: hasGroups ? groupColumn : "image (the data set has no \(groupColumn) column, so each image is its own group: "
                + "the calibration is out of image, not out of source)",
            groups: Set(rows.map(\.group)).count,
            folds: min(fitter.options.folds, Set(rows.map(\.group)).count),
            transform: runner.options.augmentation.rawValue,
            prior: rows.isEmpty ? 0.5 : Double(fakes.count) / Double(rows.count))
        return try fitter.fit(rows, pipeline: pipeline.name, aggregation: pipeline.aggregation.method, experts: pixelExperts,
                              data: data, provenance: provenance)
    }
}
