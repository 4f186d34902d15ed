import CAMOEval
import CAMOLearn
import Foundation
import Testing

/// Grouped cross-validation, stacking and the final fit on generated training rows whose signals are known.
struct LearningStudyTests {
    static let names = TrainingRecipe.Names(forensic: "forensic", embeddings: ["probe"], scoring: ["shipped"], face: [],
                                            general: ["shipped"])

    /// `sources` sources of 12 items each, half real and half fake, every item in two training copies and two
    /// evaluation levels. `signal` scales how much the forensic feature, the embedding and the shipped expert
    /// know; `image.source` is a per-source constant (what a model could memorise without grouped folds).
    static func rows(sources: Int = 8, signal: Float, seed: UInt64 = 1) -> [TrainingRow] {
        var random = SeededGenerator(seed: seed)
        var rows: [TrainingRow] = []
        for source in 0..<sources {
            let isFake = source % 2 == 1
            let sourceConstant = Float(source) * 0.37
            for item in 0..<12 {
                let label: Float = isFake ? 1 : 0
                for variant in [TrainingVariant.training(copy: 0), .training(copy: 1), .evaluation(.none), .evaluation(.reencode)] {
                    func noise() -> Float { Float(random.next() % 10_000) / 10_000 - 0.5 }
                    let scalars: [String: Float] = [
                        "image.signal": signal * label + noise(),
                        "image.noise": noise(),
                        "image.source": sourceConstant,
                        "gate.content_face": 0,
                        "expert.shipped": min(1, max(0, 0.5 + signal * (label - 0.5) * 0.5 + noise() * 0.5)),
                    ]
                    let embedding = (0..<8).map { $0 == 0 ? signal * label + noise() : noise() }
                    let format = variant == .evaluation(.none) && isFake ? "png" : "jpeg"
                    rows.append(TrainingRow(id: "s\(source)/i\(item)", sha256: "h\(source)-\(item)", source: "source-\(source)",
                                            isFake: isFake, attributes: ["content": "general", "generator": isFake ? "gen" : "camera"],
                                            variant: variant, format: format, scalars: scalars, embeddings: ["probe": embedding]))
                }
            }
        }
        return rows
    }

    func auc(_ report: StudyReport, _ system: String, _ variant: String) -> Double? {
        report.cells.first { $0.system == system && $0.variant == variant }?.auc
    }

    @Test func everyTrainedPartLearnsARealSignalOnHeldOutSources() throws {
        let rows = Self.rows(signal: 2)
        let study = LearningStudy(recipe: TrainingRecipe(names: Self.names), folds: 4)
        let crossValidation = try study.crossValidate(rows)
        let models = try study.fitModels(rows, crossValidation: crossValidation)
        let report = StudyReport(crossValidation: crossValidation, models: models, folds: 4, seed: 0)
        for system in ["expert.forensic", "expert.probe", LearningStudy.learnedAggregation] {
            #expect((auc(report, system, "reencode") ?? 0) > 0.9, "\(system)")
        }
        #expect(auc(report, LearningStudy.pngRule, "none") == 1)
        #expect(auc(report, LearningStudy.pngRule, "reencode") == 0.5)
        #expect(report.cells.allSatisfy { $0.variant == "none" || $0.variant == "reencode" }, "training copies are never scored")
        #expect(report.importances.first { $0.model == "forensic" }?.feature == "image.signal")
        #expect(models.forensic?.calibrator != nil && models.aggregator.calibrator != nil)
        #expect(report.markdown.contains("| learned aggregation |"))
    }

    @Test func foldsAreGroupedBySourceSoMemorisingASourceDoesNotScore() throws {
        // Only `image.source` separates the classes, and only by memorising which source is which.
        let rows = Self.rows(sources: 10, signal: 0)
        let study = LearningStudy(recipe: TrainingRecipe(names: Self.names), folds: 5)
        let report = StudyReport(crossValidation: try study.crossValidate(rows),
                                 models: try study.fitModels(rows, crossValidation: try study.crossValidate(rows)), folds: 5, seed: 0)
        let forensic = try #require(auc(report, "expert.forensic", "none"))
        #expect(forensic < 0.8, "a source-identity feature scored \(forensic) on held-out sources")
    }

    @Test func trainingIsDeterministicForASeed() throws {
        let rows = Self.rows(signal: 1)
        func files() throws -> [Data] {
            let study = LearningStudy(recipe: TrainingRecipe(names: Self.names, seed: 5), folds: 4, seed: 5)
            let models = try study.fitModels(rows, crossValidation: try study.crossValidate(rows))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camo-study-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try [models.forensic!, models.probes["probe"]!, models.aggregator].enumerated().map { index, model in
                let url = folder.appendingPathComponent("\(index).json")
                try model.write(to: url)
                return try Data(contentsOf: url)
            }
        }
        #expect(try files() == files())
    }

    @Test func oneClassOrOneSourceCannotTrain() {
        let fakes = Self.rows(signal: 1).filter(\.isFake)
        let study = LearningStudy(recipe: TrainingRecipe(names: Self.names), folds: 4)
        #expect(throws: TrainingError.self) { _ = try study.crossValidate(fakes) }
        let oneSource = Self.rows(signal: 1).map { row -> TrainingRow in
            var row = row
            row.source = "everything"
            return row
        }
        #expect(throws: TrainingError.self) { _ = try study.crossValidate(oneSource) }
    }
}
