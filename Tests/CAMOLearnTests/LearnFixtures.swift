import CAMOLearn
import CAMOTesting
import Foundation

/// A dataset written by `scripts/oracles/learn_sklearn.py`, split as scikit-learn split it.
struct OracleDataset {
    let train: FeatureMatrix
    let trainLabels: [Bool]
    let test: FeatureMatrix
    let testLabels: [Bool]

    init(_ name: String) throws {
        let text = try String(contentsOf: Fixtures.url("learn/\(name).csv"), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let names = Array(header.dropFirst(2))
        var trainRows: [[Float]] = [], testRows: [[Float]] = []
        var trainLabels: [Bool] = [], testLabels: [Bool] = []
        for line in lines {
            let fields = line.split(separator: ",")
            let values = fields.dropFirst(2).map { Float(String($0)) ?? .nan }
            if fields[0] == "test" {
                testRows.append(values)
                testLabels.append(fields[1] == "1")
            } else {
                trainRows.append(values)
                trainLabels.append(fields[1] == "1")
            }
        }
        train = try FeatureMatrix(names: names, rows: trainRows)
        test = try FeatureMatrix(names: names, rows: testRows)
        self.trainLabels = trainLabels
        self.testLabels = testLabels
    }
}

/// `Tests/Fixtures/learn/expected.json`.
struct OracleExpectations: Decodable {
    struct Logistic: Decodable {
        let C: Double
        let coefficients: [Double]
        let intercept: Double
        let test_probabilities: [Double]
    }
    struct Dataset: Decodable {
        let train_rows: Int
        let test_rows: Int
        let features: Int
        let boosted_test_auc: Double
        let boosted_test_auc_early_stopping: Double
        let logistic: Logistic
    }
    struct Calibration: Decodable {
        let scores: [Double]
        let labels: [Int]
        let queries: [Double]
        let isotonic: [Double]
        let platt: [Double]
    }
    let datasets: [String: Dataset]
    let calibration: Calibration

    static func load() throws -> OracleExpectations {
        try JSONDecoder().decode(OracleExpectations.self, from: Fixtures.data("learn/expected.json"))
    }
}

/// ROC-AUC as the probability that a random positive outscores a random negative (ties count half).
func rocAUC(_ scores: [Double], _ labels: [Bool]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSum = 0.0
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
        let averageRank = Double(i + j) / 2 + 1
        for k in i...j where labels[order[k]] { rankSum += averageRank }
        i = j + 1
    }
    let positives = Double(labels.filter { $0 }.count)
    let negatives = Double(labels.count) - positives
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
}

/// A small two-class table whose label follows its first feature, for behaviour tests.
func separableTable(rows: Int = 200, seed: UInt64 = 7) throws -> (FeatureMatrix, [Bool]) {
    var generator = SeededGenerator(seed: seed)
    var values: [[Float]] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
        let signal = Float.random(in: -1...1, using: &generator)
        let noise = Float.random(in: -1...1, using: &generator)
        values.append([signal, noise, 2.5])
        labels.append(signal + 0.3 * noise > 0)
    }
    return (try FeatureMatrix(names: ["signal", "noise", "constant"], rows: values), labels)
}
