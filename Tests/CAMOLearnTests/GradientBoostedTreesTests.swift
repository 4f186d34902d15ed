import CAMOLearn
import CAMOTesting
import Foundation
import Testing

@Suite struct GradientBoostedTreesTests {
    private var noEarlyStopping: GradientBoostingOptions {
        var options = GradientBoostingOptions()
        options.earlyStopping = false
        return options
    }

    @Test(arguments: ["informative", "noisy"])
    func testAUCMatchesScikitLearnWithinTwoHundredths(_ name: String) throws {
        let data = try OracleDataset(name)
        let expected = try #require(try OracleExpectations.load().datasets[name])
        let model = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: noEarlyStopping)
        #expect(model.iterations == 100)
        let auc = rocAUC(model.probabilities(data.test), data.testLabels)
        #expect(abs(auc - expected.boosted_test_auc) <= 0.02, "AUC \(auc), scikit-learn \(expected.boosted_test_auc)")
    }

    @Test(arguments: ["informative", "noisy"])
    func earlyStoppingKeepsTestAUCCloseToScikitLearn(_ name: String) throws {
        let data = try OracleDataset(name)
        let expected = try #require(try OracleExpectations.load().datasets[name])
        let model = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels)
        #expect(model.iterations >= 1 && model.iterations <= 100)
        let auc = rocAUC(model.probabilities(data.test), data.testLabels)
        #expect(abs(auc - expected.boosted_test_auc_early_stopping) <= 0.03,
                "AUC \(auc), scikit-learn \(expected.boosted_test_auc_early_stopping)")
    }

    @Test func neverSplitsOnAConstantFeature() throws {
        let data = try OracleDataset("noisy")
        let model = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: noEarlyStopping)
        let constant = try #require(data.train.names.firstIndex(of: "f7"))
        #expect(model.featureImportances[constant] == 0)
        #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-9)
    }

    @Test func importanceConcentratesOnTheFeatureThatDecidesTheLabel() throws {
        let (x, labels) = try separableTable()
        let model = try GradientBoostedTrees.fit(x, labels: labels, options: noEarlyStopping)
        #expect(model.featureImportances[0] > 0.8)
        #expect(model.featureImportances[2] == 0)
        #expect(rocAUC(model.probabilities(x), labels) > 0.97)
    }

    @Test func withTooFewRowsToSplitPredictsThePrior() throws {
        let x = try FeatureMatrix(names: ["a"], rows: [[0], [1], [2], [3]])
        let model = try GradientBoostedTrees.fit(x, labels: [true, false, false, false])
        for row in 0..<4 { #expect(abs(model.probability(of: x.row(row)) - 0.25) < 1e-9) }
    }

    @Test func fitsMoreColumnsThanRows() throws {
        var generator = SeededGenerator(seed: 3)
        let rows = (0..<30).map { _ in (0..<100).map { _ in Float.random(in: 0...1, using: &generator) } }
        let x = try FeatureMatrix(names: (0..<100).map { "f\($0)" }, rows: rows)
        var options = noEarlyStopping
        options.minSamplesLeaf = 3
        let labels = rows.map { $0[5] > 0.5 }
        let model = try GradientBoostedTrees.fit(x, labels: labels, options: options)
        #expect(rocAUC(model.probabilities(x), labels) > 0.95)
    }

    @Test func rejectsOneClassEmptyInputAndMismatchedLabels() throws {
        let x = try FeatureMatrix(names: ["a"], rows: [[1], [2]])
        #expect(throws: LearnError.oneClass) { try GradientBoostedTrees.fit(x, labels: [true, true]) }
        #expect(throws: LearnError.labelCountMismatch(rows: 2, labels: 1)) {
            try GradientBoostedTrees.fit(x, labels: [true])
        }
        let empty = try FeatureMatrix(names: ["a"], rows: [])
        #expect(throws: LearnError.empty) { try GradientBoostedTrees.fit(empty, labels: []) }
        let one = try FeatureMatrix(names: ["a"], rows: [[1]])
        #expect(throws: LearnError.oneClass) { try GradientBoostedTrees.fit(one, labels: [true]) }
    }

    @Test func rejectsOutOfRangeOptionsNamingTheOption() throws {
        let (x, labels) = try separableTable(rows: 40)
        var options = GradientBoostingOptions()
        options.maxBins = 256
        #expect(throws: LearnError.invalidOption(name: "maxBins", reason: "must be in 2…255, is 256")) {
            try GradientBoostedTrees.fit(x, labels: labels, options: options)
        }
        options = GradientBoostingOptions()
        options.rowSubsample = 0
        #expect(throws: LearnError.self) { try GradientBoostedTrees.fit(x, labels: labels, options: options) }
    }

    @Test func sameSeedGivesTheSameModelAndAnotherSeedWithSubsamplingDoesNot() throws {
        let data = try OracleDataset("informative")
        var options = GradientBoostingOptions()
        options.rowSubsample = 0.7
        options.columnSubsample = 0.6
        options.maxIterations = 30
        options.seed = 11
        let first = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: options)
        let second = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: options)
        #expect(first == second)
        options.seed = 12
        let third = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: options)
        #expect(first != third)
    }

    @Test func depthLimitOfOneGrowsStumps() throws {
        let (x, labels) = try separableTable()
        var options = noEarlyStopping
        options.maxDepth = 1
        options.maxIterations = 5
        let model = try GradientBoostedTrees.fit(x, labels: labels, options: options)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any]
        let trees = try #require(encoded?["trees"] as? [String: Any])
        #expect((trees["feature"] as? [Int])?.count == 15)  // five trees of one split and two leaves
    }

    @Test func treesNeverHaveMoreLeavesThanAllowed() throws {
        let data = try OracleDataset("noisy")
        var options = noEarlyStopping
        options.maxLeafNodes = 7
        options.maxIterations = 10
        let model = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels, options: options)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any]
        let trees = try #require(encoded?["trees"] as? [String: Any])
        let features = try #require(trees["feature"] as? [Int])
        let roots = try #require(trees["roots"] as? [Int])
        let ends = Array(roots.dropFirst()) + [features.count]
        for (root, end) in zip(roots, ends) {
            let leaves = features[root..<end].filter { $0 < 0 }.count
            #expect(leaves <= 7 && leaves == end - root - (end - root - 1) / 2)
        }
    }

    @Test func earlyStoppingEndsBeforeTheIterationLimitOnNoisyData() throws {
        let data = try OracleDataset("noisy")
        let model = try GradientBoostedTrees.fit(data.train, labels: data.trainLabels)
        #expect(model.iterations < 100)
    }

    @Test func aShortRowIsScoredWithoutCrashing() throws {
        let (x, labels) = try separableTable()
        let model = try GradientBoostedTrees.fit(x, labels: labels)
        let p = model.probability(of: [0.5][...])
        #expect(p.isFinite && p >= 0 && p <= 1)
    }
}
