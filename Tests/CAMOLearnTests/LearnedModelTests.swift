import CAMOLearn
import CAMOTesting
import Foundation
import Testing

@Suite struct LearnedModelTests {
    private func boostedModel(seed: UInt64 = 0) throws -> LearnedModel {
        let (x, labels) = try separableTable()
        var options = GradientBoostingOptions()
        options.maxIterations = 20
        options.seed = seed
        let trees = try GradientBoostedTrees.fit(x, labels: labels, options: options)
        let calibrator = try ProbabilityCalibrator.fit(scores: trees.probabilities(x), labels: labels, method: .isotonic)
        return LearnedModel(featureNames: x.names, classifier: .boostedTrees(trees), calibrator: calibrator,
                            provenance: ["command": "camo train", "rows": "200"])
    }

    private func logisticModel() throws -> LearnedModel {
        let (x, labels) = try separableTable()
        let probe = try LogisticProbe.fit(x, labels: labels)
        let calibrator = try ProbabilityCalibrator.fit(scores: probe.probabilities(x), labels: labels, method: .platt)
        return LearnedModel(featureNames: x.names, classifier: .logistic(probe), calibrator: calibrator, provenance: [:])
    }

    @Test func saveAndLoadGivesTheSameModelAndProbabilities() throws {
        let directory = try Fixtures.temporaryDirectory()
        let (x, _) = try separableTable()
        for model in [try boostedModel(), try logisticModel()] {
            let url = directory.appendingPathComponent("model.json")
            try model.write(to: url)
            let loaded = try LearnedModel(contentsOf: url)
            #expect(loaded == model)
            for row in 0..<x.rowCount { #expect(loaded.probability(of: x.row(row)) == model.probability(of: x.row(row))) }
        }
    }

    @Test func fittingTwiceWithTheSameSeedWritesIdenticalBytes() throws {
        let directory = try Fixtures.temporaryDirectory()
        let first = directory.appendingPathComponent("a.json")
        let second = directory.appendingPathComponent("b.json")
        try boostedModel(seed: 4).write(to: first)
        try boostedModel(seed: 4).write(to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.contains("\"format\" : \"camo-learned-model\""))
        #expect(text.contains("\"version\" : 1"))
    }

    @Test func appliesTheCalibratorAfterTheClassifier() throws {
        let model = try logisticModel()
        let row: [Float] = [0.2, -0.1, 2.5]
        let raw = model.classifier.probability(of: row[...])
        #expect(model.probability(of: row[...]) == model.calibrator?.calibrated(raw))
    }

    @Test func scoresNamedFeaturesAndNamesAMissingOne() throws {
        let model = try boostedModel()
        let p = try model.probability(of: ["noise": 0.1, "signal": 0.8, "constant": 2.5, "extra": 9])
        #expect(p == model.probability(of: [0.8, 0.1, 2.5][...]))
        #expect(throws: LearnError.missingFeature("constant")) {
            try model.probability(of: ["noise": 0.1, "signal": 0.8])
        }
    }

    @Test func rejectsAnotherFormatVersionOrUnknownKeyWithThePath() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("model.json")
        try logisticModel().write(to: url)
        let original = try String(contentsOf: url, encoding: .utf8)
        let cases = [
            original.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2"),
            original.replacingOccurrences(of: "camo-learned-model", with: "something-else"),
            original.replacingOccurrences(of: "\"intercept\"", with: "\"bias\" : 0, \"intercept\""),
            original.replacingOccurrences(of: "\"kind\" : \"logistic\"", with: "\"kind\" : \"forest\""),
        ]
        for text in cases {
            #expect(text != original)
            try Data(text.utf8).write(to: url)
            do {
                _ = try LearnedModel(contentsOf: url)
                Issue.record("accepted a damaged file")
            } catch {
                guard case .invalidModelFile(let path, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(path == url.path)
            }
        }
        #expect(throws: LearnError.self) { try LearnedModel(contentsOf: directory.appendingPathComponent("absent.json")) }
    }

    @Test func seededByteMutationsNeverCrashAndNeverLoadInconsistentTrees() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("model.json")
        let model = try boostedModel()
        try model.write(to: url)
        let original = try Data(contentsOf: url)
        var generator = SeededGenerator(seed: 2024)
        let replacements = Array("0123456789-.,:{}[]\"e ".utf8)
        let (x, _) = try separableTable(rows: 20)
        var rejected = 0
        for _ in 0..<300 {
            var bytes = [UInt8](original)
            for _ in 0..<(1 + generator.below(3)) {
                bytes[generator.below(bytes.count)] = replacements[generator.below(replacements.count)]
            }
            try Data(bytes).write(to: url)
            do {
                let loaded = try LearnedModel(contentsOf: url)
                // A mutation that still parses must give a usable model: scoring every row terminates.
                for row in 0..<x.rowCount { _ = loaded.probability(of: x.row(row)) }
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 100)
    }

    @Test func aModelWithoutCalibratorRoundTripsAndReportsRawProbabilities() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("plain.json")
        var model = try logisticModel()
        model.calibrator = nil
        try model.write(to: url)
        #expect(try !String(contentsOf: url, encoding: .utf8).contains("calibrator"))
        let loaded = try LearnedModel(contentsOf: url)
        #expect(loaded == model)
        let row: [Float] = [0.3, 0.2, 2.5]
        #expect(loaded.probability(of: row[...]) == model.classifier.probability(of: row[...]))
    }

    @Test func aTreeChildPointingBackwardsIsRejectedWithItsLocation() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("model.json")
        try boostedModel().write(to: url)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var classifier = try #require(object["classifier"] as? [String: Any])
        var trees = try #require(classifier["model"] as? [String: Any])
        var ensemble = try #require(trees["trees"] as? [String: Any])
        var left = try #require(ensemble["left"] as? [Int])
        left[0] = 0  // the root as its own child: a loop if it were accepted
        ensemble["left"] = left
        trees["trees"] = ensemble
        classifier["model"] = trees
        object["classifier"] = classifier
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        #expect {
            _ = try LearnedModel(contentsOf: url)
        } throws: { error in
            guard let error = error as? LearnError, case .invalidModelFile(_, let reason) = error else { return false }
            return reason.contains("classifier.model") && reason.contains("node 0 has child 0")
        }
    }
}
