import Foundation

/// A binary classifier made of histogram gradient-boosted regression trees on the log-odds scale
/// (the algorithm of LightGBM and scikit-learn's `HistGradientBoostingClassifier`).
public struct GradientBoostedTrees: Sendable, Codable, Equatable {
    public let featureNames: [String]
    /// The log-odds every prediction starts from: that of the training set's positive rate.
    public let baseline: Double
    /// Total split gain per feature, in `featureNames` order.
    public let splitGains: [Double]
    let trees: TreeEnsemble

    /// Trees kept (fewer than `maxIterations` when early stopping ended the fit).
    public var iterations: Int { trees.treeCount }

    /// Total split gain per feature, normalised to sum 1 (all zero when no tree split).
    public var featureImportances: [Double] {
        let total = splitGains.reduce(0, +)
        return total > 0 ? splitGains.map { $0 / total } : splitGains
    }

    /// Fits trees to `labels` (true = positive class) with binary log-loss.
    public static func fit(_ x: FeatureMatrix, labels: [Bool], options: GradientBoostingOptions = .init())
        throws(LearnError) -> Self
    {
        try options.validate()
        try checkTrainingSet(x, labels: labels)
        var random = SeededRandom(seed: options.seed)
        let (trainRows, validationRows) = options.earlyStopping
            ? stratifiedHoldOut(labels, fraction: options.validationFraction, random: &random)
            : (Array(0..<x.rowCount), [])
        let trainX = x.selecting(rows: trainRows)
        let trainLabels = trainRows.map { labels[$0] ? 1.0 : 0.0 }
        let validationX = x.selecting(rows: validationRows)
        let validationLabels = validationRows.map { labels[$0] ? 1.0 : 0.0 }

        let binner = FeatureBinner(trainX, maxBins: options.maxBins, random: &random)
        let trainBins = binner.bin(trainX)
        let validationBins = binner.bin(validationX)
        let grower = TreeGrower(bins: trainBins, rowCount: trainX.rowCount, thresholds: binner.thresholds,
                                options: options)

        let positiveRate = trainLabels.reduce(0, +) / Double(trainLabels.count)
        let baseline = log(positiveRate / (1 - positiveRate))
        var trainScores = [Double](repeating: baseline, count: trainX.rowCount)
        var validationScores = [Double](repeating: baseline, count: validationX.rowCount)
        var validationLosses = [logLoss(validationScores, validationLabels)]
        var gradients = [Double](repeating: 0, count: trainX.rowCount)
        var hessians = gradients
        var gains = [Double](repeating: 0, count: x.columnCount)
        var ensemble = TreeEnsemble()
        let allRows = Array(0..<trainX.rowCount)
        let allFeatures = Array(0..<x.columnCount)

        for _ in 0..<options.maxIterations {
            for row in 0..<trainX.rowCount {
                let p = sigmoid(trainScores[row])
                gradients[row] = p - trainLabels[row]
                hessians[row] = p * (1 - p)
            }
            let rows = options.rowSubsample < 1
                ? random.sample(max(1, Int((options.rowSubsample * Double(allRows.count)).rounded())),
                                from: allRows.count)
                : allRows
            let features = options.columnSubsample < 1
                ? random.sample(max(1, Int((options.columnSubsample * Double(allFeatures.count)).rounded())),
                                from: allFeatures.count)
                : allFeatures
            let tree = grower.grow(rows: rows, features: features, gradients: gradients, hessians: hessians,
                                   gains: &gains)
            trainBins.withUnsafeBufferPointer { bins in
                for row in 0..<trainScores.count {
                    trainScores[row] += tree.output(bins: bins, rowCount: trainScores.count, row: row)
                }
            }
            validationBins.withUnsafeBufferPointer { bins in
                for row in 0..<validationScores.count {
                    validationScores[row] += tree.output(bins: bins, rowCount: validationScores.count, row: row)
                }
            }
            ensemble.append(tree, thresholds: binner.thresholds)
            if !validationRows.isEmpty {
                validationLosses.append(logLoss(validationScores, validationLabels))
                if hasStalled(validationLosses, patience: options.patience, tolerance: options.tolerance) { break }
            }
        }
        return Self(featureNames: x.names, baseline: baseline, splitGains: gains, trees: ensemble)
    }

    private init(featureNames: [String], baseline: Double, splitGains: [Double], trees: TreeEnsemble) {
        self.featureNames = featureNames
        self.baseline = baseline
        self.splitGains = splitGains
        self.trees = trees
    }

    /// P(label == true) for one row of `featureNames.count` values; missing trailing values send a row right.
    public func probability(of row: ArraySlice<Float>) -> Double {
        sigmoid(rawScore(of: row))
    }

    /// The log-odds before the logistic link.
    public func rawScore(of row: ArraySlice<Float>) -> Double {
        if row.count >= featureNames.count {
            return baseline + row.withUnsafeBufferPointer { trees.sum($0) }
        }
        let padded = Array(row) + [Float](repeating: .nan, count: featureNames.count - row.count)
        return baseline + padded.withUnsafeBufferPointer { trees.sum($0) }
    }

    public func probabilities(_ x: FeatureMatrix) -> [Double] {
        (0..<x.rowCount).map { probability(of: x.row($0)) }
    }

    /// scikit-learn's rule: stop once none of the last `patience` losses beat the one before them by `tolerance`.
    private static func hasStalled(_ losses: [Double], patience: Int, tolerance: Double) -> Bool {
        guard losses.count > patience else { return false }
        let reference = losses[losses.count - patience - 1]
        return !losses.suffix(patience).contains { $0 < reference - tolerance }
    }

    /// Per class, a `fraction` of the rows (rounded, always leaving one for training) drawn for validation.
    private static func stratifiedHoldOut(_ labels: [Bool], fraction: Double, random: inout SeededRandom)
        -> (train: [Int], validation: [Int])
    {
        var validation: [Int] = []
        for label in [false, true] {
            var rows = labels.indices.filter { labels[$0] == label }
            random.shuffle(&rows)
            let count = min(rows.count - 1, Int((fraction * Double(rows.count)).rounded()))
            validation += rows.prefix(max(0, count))
        }
        let held = Set(validation)
        return (labels.indices.filter { !held.contains($0) }, validation.sorted())
    }

    private enum CodingKeys: String, CodingKey { case featureNames, baseline, splitGains, trees }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try decoder.rejectUnknownKeys(CodingKeys.self)
        featureNames = try container.decode([String].self, forKey: .featureNames)
        baseline = try container.decode(Double.self, forKey: .baseline)
        splitGains = try container.decode([Double].self, forKey: .splitGains)
        trees = try container.decode(TreeEnsemble.self, forKey: .trees)
        let problem: String? =
            if !baseline.isFinite { "baseline is not finite" }
            else if splitGains.count != featureNames.count { "\(splitGains.count) split gains for \(featureNames.count) features" }
            else if splitGains.contains(where: { !$0.isFinite || $0 < 0 }) { "split gains must be finite and non-negative" }
            else { trees.inconsistency(featureCount: featureNames.count) }
        try decoder.reject(problem)
    }
}

extension TreeEnsemble {
    /// Appends a grown tree, turning its bin splits into value thresholds: bin ≤ b exactly when x ≤ thresholds[b].
    mutating func append(_ tree: TreeGrower.Tree, thresholds: [[Float]]) {
        let offset = nodeCount
        roots.append(Int32(offset))
        for node in tree.feature.indices {
            let feature = tree.feature[node]
            self.feature.append(Int32(feature))
            threshold.append(feature >= 0 ? thresholds[feature][tree.splitBin[node]] : 0)
            left.append(feature >= 0 ? Int32(offset + tree.left[node]) : -1)
            right.append(feature >= 0 ? Int32(offset + tree.right[node]) : -1)
            value.append(tree.value[node])
        }
    }
}
