import CAMO
import CAMOLearn
import Foundation

/// Grouped cross-validation of everything `camo train` fits, and the final fit: the trained experts learn from the
/// shortcut-controlled training copies of the training sources and are scored on the held-out sources at every
/// evaluation level; the aggregator learns from out-of-fold expert scores (stacking), so it never sees a score an
/// expert gave an image it was trained on.
public struct LearningStudy: Sendable {
    public var recipe: TrainingRecipe
    public var folds: Int
    public var seed: UInt64

    public init(recipe: TrainingRecipe, folds: Int = 5, seed: UInt64 = 0) {
        self.recipe = recipe
        self.folds = folds
        self.seed = seed
    }

    /// Every system's out-of-fold score for every evaluation row, and the out-of-fold scores of the trained parts
    /// on the training rows (what the final calibrators and the final aggregator are fitted on).
    public struct CrossValidation: Sendable {
        /// System name → row index → score, for the rows of `rows`.
        public var scores: [String: [Int: Double]]
        public var rows: [TrainingRow]
    }

    /// The trained files.
    public struct Models: Sendable {
        public var forensic: LearnedModel?
        public var probes: [String: LearnedModel]
        public var aggregator: LearnedModel
    }

    public static let learnedAggregation = "learned aggregation"
    public static let originalRouting = "original routing (hard, max)"
    public static let pngRule = "PNG ⇒ fake"

    public func crossValidate(_ rows: [TrainingRow]) throws -> CrossValidation {
        let splits = try itemSplits(rows, folds: folds)
        var scores: [String: [Int: Double]] = [:]
        for (trainItems, validationItems) in splits {
            let trainIndices = rows.indices.filter { rows[$0].variant.isTraining && trainItems.contains(rows[$0].id) }
            let validationIndices = rows.indices.filter { validationItems.contains(rows[$0].id) }
            let train = trainIndices.map { rows[$0] }
            let validation = validationIndices.map { rows[$0] }
            guard Set(train.map(\.isFake)).count == 2 else {
                throw TrainingError.unusableData("a training fold holds one class only: the sources are too few or too one-sided")
            }

            // Stacking: the aggregator learns from scores the trained experts gave images they did not learn from.
            let innerSplits = try itemSplits(train, folds: max(2, min(folds - 1, Set(train.map(\.source)).count)))
            var stacked = [[String: Float]](repeating: [:], count: train.count)
            for (innerTrain, innerValidation) in innerSplits {
                let fitRows = train.filter { innerTrain.contains($0.id) }
                // A one-class inner fold trains nothing; its held-out rows keep the absent score.
                guard Set(fitRows.map(\.isFake)).count == 2 else { continue }
                let (forensic, probes) = try fitExperts(fitRows)
                let held = train.indices.filter { innerValidation.contains(train[$0].id) }
                let heldScores = try recipe.learnedScores(held.map { train[$0] }, forensic: forensic, probes: probes)
                for (index, score) in zip(held, heldScores) { stacked[index] = score }
            }
            let (forensic, probes) = try fitExperts(train)
            let aggregator = try recipe.fitAggregator(train, learnedScores: stacked)

            let learned = try recipe.learnedScores(validation, forensic: forensic, probes: probes)
            let aggregatorMatrix = try recipe.matrix(validation, names: aggregator.featureNames, extra: learned)
            for (position, index) in validationIndices.enumerated() {
                for (feature, score) in learned[position] where score != LearnedAggregator.absentScore {
                    scores[feature, default: [:]][index] = Double(score)
                }
                scores[Self.learnedAggregation, default: [:]][index] = aggregator.probability(of: aggregatorMatrix.row(position))
            }
        }
        for (index, row) in rows.enumerated() {
            for name in recipe.names.scoring {
                let key = LearnedAggregator.featureName(ofExpert: name)
                if let score = row.scalars[key], score != LearnedAggregator.absentScore {
                    scores[key, default: [:]][index] = Double(score)
                }
            }
            if let original = originalRouting(row) { scores[Self.originalRouting, default: [:]][index] = original }
            scores[Self.pngRule, default: [:]][index] = row.format == "png" ? 1 : 0
        }
        return CrossValidation(scores: scores, rows: rows)
    }

    /// The files to ship: every part fitted on all training rows, each calibrated on its out-of-fold scores.
    public func fitModels(_ rows: [TrainingRow], crossValidation: CrossValidation) throws -> Models {
        let trainIndices = rows.indices.filter { rows[$0].variant.isTraining }
        let train = trainIndices.map { rows[$0] }
        var (forensic, probes) = try fitExperts(train)
        func calibrator(_ system: String) throws -> ProbabilityCalibrator? {
            let pairs = trainIndices.compactMap { index in crossValidation.scores[system]?[index].map { ($0, rows[index].isFake) } }
            guard Set(pairs.map(\.1)).count == 2 else { return nil }
            return try ProbabilityCalibrator.fit(scores: pairs.map(\.0), labels: pairs.map(\.1), method: recipe.calibration)
        }
        if let name = recipe.names.forensic {
            forensic?.calibrator = try calibrator(LearnedAggregator.featureName(ofExpert: name))
        }
        for name in recipe.names.embeddings {
            probes[name]?.calibrator = try calibrator(LearnedAggregator.featureName(ofExpert: name))
        }
        // The final aggregator learns from the experts' out-of-fold scores on the training rows, as in each fold.
        let stacked = trainIndices.map { index in
            var scores: [String: Float] = [:]
            for name in [recipe.names.forensic].compactMap({ $0 }) + recipe.names.embeddings {
                let key = LearnedAggregator.featureName(ofExpert: name)
                scores[key] = crossValidation.scores[key]?[index].map(Float.init) ?? LearnedAggregator.absentScore
            }
            return scores
        }
        var aggregator = try recipe.fitAggregator(train, learnedScores: stacked)
        aggregator.calibrator = try calibrator(Self.learnedAggregation)
        return Models(forensic: forensic, probes: probes, aggregator: aggregator)
    }

    private func fitExperts(_ rows: [TrainingRow]) throws -> (LearnedModel?, [String: LearnedModel]) {
        let forensic = recipe.names.forensic == nil ? nil : try recipe.fitForensic(rows)
        var probes: [String: LearnedModel] = [:]
        for name in recipe.names.embeddings {
            probes[name] = try recipe.fitProbe(rows, embedding: name)
        }
        return (forensic, probes)
    }

    /// The original system: a face goes to the face experts, anything else to the general experts; the highest score.
    func originalRouting(_ row: TrainingRow) -> Double? {
        func scores(_ names: [String]) -> [Double] {
            names.compactMap { row.scalars[LearnedAggregator.featureName(ofExpert: $0)] }
                .filter { $0 != LearnedAggregator.absentScore }.map(Double.init)
        }
        let face = row.scalars["gate.content_face"] == 1 ? scores(recipe.names.face) : []
        return (face.isEmpty ? scores(recipe.names.general) : face).max()
    }

    /// Item-level grouped folds: every row of an item, and every item of a source, on one side.
    private func itemSplits(_ rows: [TrainingRow], folds: Int) throws -> [(Set<String>, Set<String>)] {
        var sourceOfItem: [String: String] = [:]
        for row in rows { sourceOfItem[row.id] = row.source }
        let items = sourceOfItem.keys.sorted()
        guard Set(rows.map(\.isFake)).count == 2 else { throw TrainingError.unusableData("the rows hold one class only") }
        guard folds >= 2 else { throw TrainingError.unusableData("grouped cross-validation needs at least 2 sources") }
        let grouped: GroupedKFold
        do {
            grouped = try GroupedKFold(groups: items.map { sourceOfItem[$0]! }, folds: folds, seed: seed)
        } catch {
            throw TrainingError.unusableData("\(error)")
        }
        return grouped.splits.map { split in
            (Set(split.train.map { items[$0] }), Set(split.validation.map { items[$0] }))
        }
    }
}
