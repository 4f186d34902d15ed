import CAMO
import CAMOLearn

/// What `camo train` fits, and from which columns of the training rows: the forensic trees, one logistic probe per
/// embedding expert, and the aggregator over every expert's score and the gate's features.
public struct TrainingRecipe: Sendable {
    /// Pipeline names of the parts, as the rows and the aggregator's feature names know them.
    public struct Names: Sendable, Equatable {
        /// The `forensic` expert, if the pipeline has one.
        public var forensic: String?
        /// The `output_kind: embedding` experts.
        public var embeddings: [String]
        /// Experts whose scores the rows carry as they are (the shipped classifiers).
        public var scoring: [String]
        /// Of `scoring`: the ones serving faces and the ones serving general content (for the original routing).
        public var face: [String]
        public var general: [String]

        public init(forensic: String?, embeddings: [String], scoring: [String], face: [String], general: [String]) {
            self.forensic = forensic
            self.embeddings = embeddings
            self.scoring = scoring
            self.face = face
            self.general = general
        }

        /// The names of a loaded pipeline's experts, by kind and role.
        public init(pipeline: Pipeline) {
            var names = Names(forensic: nil, embeddings: [], scoring: [], face: [], general: [])
            for entry in pipeline.experts {
                if entry.expert is ForensicExpert {
                    names.forensic = names.forensic ?? entry.name
                } else if let classifier = entry.expert as? ONNXClassifierExpert {
                    if classifier.options.outputKind == .embedding {
                        names.embeddings.append(entry.name)
                    } else {
                        names.scoring.append(entry.name)
                        if entry.roles.contains(.face) { names.face.append(entry.name) }
                        if entry.roles.contains(.general) { names.general.append(entry.name) }
                    }
                }
            }
            self = names
        }
    }

    public var names: Names
    /// Default: shallow, strongly regularised trees with row and column subsampling (a few hundred rows).
    public var forensicOptions: GradientBoostingOptions
    public var aggregatorOptions: GradientBoostingOptions
    /// Default C = 0.05: a 1280-wide embedding and a few hundred rows need strong regularisation.
    public var probeOptions: LogisticProbeOptions
    public var calibration: CalibrationMethod

    public init(names: Names, seed: UInt64 = 0) {
        self.names = names
        var forest = GradientBoostingOptions()
        forest.learningRate = 0.05
        forest.maxIterations = 300
        forest.maxLeafNodes = 8
        forest.minSamplesLeaf = 10
        forest.l2Regularization = 1
        forest.rowSubsample = 0.8
        forest.columnSubsample = 0.5
        forest.seed = seed
        forensicOptions = forest
        var combiner = forest
        combiner.maxLeafNodes = 4
        combiner.columnSubsample = 1
        aggregatorOptions = combiner
        var probe = LogisticProbeOptions()
        probe.inverseRegularization = 0.05
        probeOptions = probe
        calibration = .platt
    }

    /// The forensic trees read the gate's and the pixels' signals, never an expert's score.
    public static func isForensicFeature(_ name: String) -> Bool {
        name.hasPrefix("image.") || name.hasPrefix("face.") || name.hasPrefix("gate.")
    }

    func forensicFeatureNames(_ rows: [TrainingRow]) -> [String] {
        Array(Set(rows.flatMap { $0.scalars.keys.filter(Self.isForensicFeature) })).sorted()
    }

    /// The aggregator's inputs: every expert's score and the gate's features.
    func aggregatorFeatureNames(_ rows: [TrainingRow]) -> [String] {
        let experts = (names.scoring + names.embeddings + [names.forensic].compactMap { $0 }).map(LearnedAggregator.featureName(ofExpert:))
        let gate = Set(rows.flatMap { $0.scalars.keys.filter { $0.hasPrefix("gate.") } }).sorted()
        return experts.sorted() + gate
    }

    static func embeddingFeatureNames(width: Int) -> [String] {
        (0..<width).map { "embedding.\($0)" }
    }

    func matrix(_ rows: [TrainingRow], names: [String], extra: [[String: Float]]? = nil) throws -> FeatureMatrix {
        let values = rows.indices.map { index in
            names.map { name in extra?[index][name] ?? rows[index].scalars[name] ?? LearnedAggregator.absentScore }
        }
        return try FeatureMatrix(names: names, rows: values)
    }

    /// Row indices with the smaller class repeated (in a seeded order) until both classes count alike. Sources hold
    /// one class each, so every grouped fold trains on a different class balance; unbalanced, each fold's model would
    /// learn its own prior, and pooled out-of-fold scores would rank folds by their priors instead of images by
    /// their signals.
    func balancedIndices(_ labels: [Bool]) -> [Int] {
        let fakes = labels.indices.filter { labels[$0] }
        let reals = labels.indices.filter { !labels[$0] }
        guard !fakes.isEmpty, !reals.isEmpty, fakes.count != reals.count else { return Array(labels.indices) }
        var minority = fakes.count < reals.count ? fakes : reals
        var random = SeededGenerator(seed: forensicOptions.seed, key: "balance")
        minority.shuffle(using: &random)
        let missing = abs(fakes.count - reals.count)
        return Array(labels.indices) + (0..<missing).map { minority[$0 % minority.count] }
    }

    func fitForensic(_ rows: [TrainingRow]) throws -> LearnedModel {
        let names = forensicFeatureNames(rows)
        let rows = balancedIndices(rows.map(\.isFake)).map { rows[$0] }
        let trees = try GradientBoostedTrees.fit(try matrix(rows, names: names), labels: rows.map(\.isFake), options: forensicOptions)
        return LearnedModel(featureNames: names, classifier: .boostedTrees(trees), calibrator: nil, provenance: [:])
    }

    /// Nil when the rows with the embedding do not hold both classes (e.g. a face probe and only fake faces).
    func fitProbe(_ rows: [TrainingRow], embedding: String) throws -> LearnedModel? {
        var usable = rows.filter { !($0.embeddings[embedding] ?? []).isEmpty }
        usable = balancedIndices(usable.map(\.isFake)).map { usable[$0] }
        guard Set(usable.map(\.isFake)).count == 2, let width = usable.first?.embeddings[embedding]?.count else { return nil }
        let names = Self.embeddingFeatureNames(width: width)
        let matrix = try FeatureMatrix(names: names, rows: usable.map { $0.embeddings[embedding] ?? [] })
        let probe = try LogisticProbe.fit(matrix, labels: usable.map(\.isFake), options: probeOptions)
        return LearnedModel(featureNames: names, classifier: .logistic(probe), calibrator: nil, provenance: [:])
    }

    func fitAggregator(_ rows: [TrainingRow], learnedScores: [[String: Float]]) throws -> LearnedModel {
        let names = aggregatorFeatureNames(rows)
        let balanced = balancedIndices(rows.map(\.isFake))
        let rows = balanced.map { rows[$0] }
        let learnedScores = balanced.map { learnedScores[$0] }
        let trees = try GradientBoostedTrees.fit(try matrix(rows, names: names, extra: learnedScores),
                                                 labels: rows.map(\.isFake), options: aggregatorOptions)
        return LearnedModel(featureNames: names, classifier: .boostedTrees(trees), calibrator: nil, provenance: [:])
    }

    /// The scores of the trained experts for each row (`expert.<name>`, −1 where an embedding is absent).
    func learnedScores(_ rows: [TrainingRow], forensic: LearnedModel?, probes: [String: LearnedModel]) throws -> [[String: Float]] {
        let forensicNames = forensic.map(\.featureNames) ?? []
        return try rows.map { row in
            var scores: [String: Float] = [:]
            if let forensic, let name = names.forensic {
                let values = forensicNames.map { row.scalars[$0] ?? LearnedAggregator.absentScore }
                scores[LearnedAggregator.featureName(ofExpert: name)] = Float(forensic.probability(of: values[...]))
            }
            for embedding in names.embeddings {
                let key = LearnedAggregator.featureName(ofExpert: embedding)
                guard let probe = probes[embedding], let values = row.embeddings[embedding], !values.isEmpty else {
                    scores[key] = LearnedAggregator.absentScore
                    continue
                }
                guard values.count == probe.featureNames.count else {
                    throw TrainingError.unusableData("embedding \(embedding) has \(values.count) values in \(row.id), expected \(probe.featureNames.count)")
                }
                scores[key] = Float(probe.probability(of: values[...]))
            }
            return scores
        }
    }
}
