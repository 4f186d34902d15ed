import CAMO
import CAMOLearn

extension PipelineCalibration {
    /// A hand-made calibration for pipeline tests: `informative` experts map scores to themselves, the others flatly
    /// to 0.5; the combined score's out-of-source values are 100 reals spread over [0, 0.5) and 100 fakes over
    /// [0.5, 1), from 200 images of 4 generators.
    public static func stub(pipeline: String, informative: [String], uninformative: [String] = [],
                            aggregation: Aggregation.Method = .max) throws -> PipelineCalibration {
        let identity = try ProbabilityCalibrator.fit(scores: [0, 1], labels: [false, true], method: .isotonic)
        let data = CalibrationData(dataset: "toy", sha256: "", images: 200, reals: 100, fakes: 100, excluded: [:], generators: 4,
                                   groupedBy: "source", groups: 8, folds: 5, transform: "reencode", prior: 0.5)
        var experts: [String: ScoreCalibration] = [:]
        for name in informative {
            experts[name] = ScoreCalibration(images: 120, reals: 60, fakes: 60, auc: 0.9, aucInterval: [0.85, 0.95], informative: true,
                                             note: "informative", map: identity)
        }
        for name in uninformative {
            experts[name] = ScoreCalibration(images: 80, reals: 40, fakes: 40, auc: 0.5, aucInterval: [0.4, 0.6], informative: false,
                                             note: "not informative", map: .constant(0.5))
        }
        let someInformative = !informative.isEmpty
        return PipelineCalibration(
            pipeline: pipeline, aggregation: aggregation, data: data, experts: experts,
            combined: ScoreCalibration(
                images: someInformative ? 200 : 0, reals: someInformative ? 100 : 0, fakes: someInformative ? 100 : 0,
                auc: someInformative ? 1 : nil, aucInterval: someInformative ? [0.99, 1] : nil, informative: someInformative,
                note: someInformative ? "informative" : "no informative expert", map: someInformative ? identity : .constant(0.5),
                realScores: someInformative ? (0..<100).map { Double($0) / 200 } : [],
                fakeScores: someInformative ? (0..<100).map { 0.5 + Double($0) / 200 } : []),
            provenance: [:])
    }
}
