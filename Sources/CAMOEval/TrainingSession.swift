import CAMO
import CAMOLearn
import CAMORuntime
import Foundation

/// `camo train`: a data set's training rows, the grouped cross-validation, the final fit and the files to ship.
public struct TrainingSession: Sendable {
    public struct Options: Sendable {
        /// Cross-validation folds (grouped by `source`); default 5.
        public var folds: Int
        /// Seed of the folds, the trees' subsampling and the training copies; default 0.
        public var seed: UInt64
        /// Shortcut-controlled training copies per image; default 2.
        public var copies: Int
        /// Levels the study scores on; default as shipped, re-encoded alike, L2, L3 and chain.
        public var evaluationLevels: [AugmentationLevel]
        public var concurrency: Int
        /// Where rows are cached; nil keeps them in memory.
        public var cacheURL: URL?

        public init(folds: Int = 5, seed: UInt64 = 0, copies: Int = 2,
                    evaluationLevels: [AugmentationLevel] = [.none, .reencode, .l2, .l3, .chain], concurrency: Int = 2,
                    cacheURL: URL? = nil) {
            self.folds = folds
            self.seed = seed
            self.copies = copies
            self.evaluationLevels = evaluationLevels
            self.concurrency = concurrency
            self.cacheURL = cacheURL
        }
    }

    public struct Outcome: Sendable {
        public var models: LearningStudy.Models
        public var report: StudyReport
        public var recipe: TrainingRecipe
        /// Items that could not be used, with the reason.
        public var failures: [String: String]
        /// sha256 over the sorted (id, label, file sha256) of the items used: which data the models come from.
        public var dataSHA256: String
        public var rowCount: Int
    }

    public var pipeline: Pipeline
    public var pipelineKey: String
    public var options: Options

    public init(pipeline: Pipeline, pipelineKey: String, options: Options = Options()) {
        self.pipeline = pipeline
        self.pipelineKey = pipelineKey
        self.options = options
    }

    public func run(_ dataset: Dataset, progress: TrainingTableBuilder.Progress? = nil) async throws -> Outcome {
        let table = TrainingTableBuilder.Options(
            variants: (0..<options.copies).map { .training(copy: $0) } + options.evaluationLevels.map { .evaluation($0) },
            shortcutControl: ShortcutControl(seed: options.seed), augmentationSeed: options.seed, concurrency: options.concurrency)
        let builder = TrainingTableBuilder(pipeline: pipeline, pipelineKey: pipelineKey, options: table,
                                           cache: try JSONLinesCache<TrainingRow>(url: options.cacheURL))
        let (rows, failures) = await builder.rows(for: dataset.items, progress: progress)
        guard !rows.isEmpty else { throw TrainingError.unusableData("no image of the data set could be used") }
        let recipe = TrainingRecipe(names: .init(pipeline: pipeline), seed: options.seed)
        let study = LearningStudy(recipe: recipe, folds: options.folds, seed: options.seed)
        let crossValidation = try study.crossValidate(rows)
        let models = try study.fitModels(rows, crossValidation: crossValidation)
        let report = StudyReport(crossValidation: crossValidation, models: models, folds: options.folds, seed: options.seed)
        let identity = Set(rows.map { "\($0.id)\t\($0.isFake)\t\($0.sha256)" }).sorted().joined(separator: "\n")
        return Outcome(models: models, report: report, recipe: recipe, failures: failures,
                       dataSHA256: SHA256.hexDigest(Array(identity.utf8)), rowCount: rows.count)
    }
}

extension TrainingSession.Outcome {
    /// The files `camo train` writes into `folder`: `<expert>.json` for each trained expert, `aggregator.json`,
    /// `study.json` and `study.md`. `parts` limits the model files (nil writes all). Returns the paths written.
    @discardableResult
    public func write(to folder: URL, command: String, parts: Set<String>? = nil) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [(String, LearnedModel)] = []
        if let name = recipe.names.forensic, let forensic = models.forensic { files.append((name, forensic)) }
        for (name, probe) in models.probes.sorted(by: { $0.key < $1.key }) { files.append((name, probe)) }
        files.append(("aggregator", models.aggregator))
        var written: [URL] = []
        for (name, model) in files where parts?.contains(name) ?? true {
            var model = model
            let system = name == "aggregator" ? LearningStudy.learnedAggregation : "expert.\(name)"
            model.provenance = provenance(command: command, system: system)
            let url = folder.appendingPathComponent("\(name).json")
            try model.write(to: url)
            written.append(url)
        }
        let study = folder.appendingPathComponent("study.json")
        try JSONConvention.encoder(pretty: true).encode(report).write(to: study, options: .atomic)
        let markdown = folder.appendingPathComponent("study.md")
        try Data(report.markdown.utf8).write(to: markdown, options: .atomic)
        return written + [study, markdown]
    }

    private func provenance(command: String, system: String) -> [String: String] {
        var provenance = ["command": command, "data": "sha256:\(dataSHA256)", "rows": "\(rowCount)",
                          "validation": "grouped \(report.folds)-fold cross-validation by source"]
        for cell in report.cells where cell.system == system {
            provenance["cv_auc_\(cell.variant)"] = cell.auc.map { String(format: "%.3f", $0) } ?? "n/a"
            provenance["cv_mcc_\(cell.variant)"] = String(format: "%.3f", cell.mcc)
        }
        return provenance
    }
}
