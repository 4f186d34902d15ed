import CAMOLearn
import CAMOTesting
import Foundation
import Testing

@Suite struct LogisticProbeTests {
    @Test(arguments: ["informative", "noisy", "wide"])
    func probabilitiesAndCoefficientsMatchScikitLearn(_ name: String) throws {
        let data = try OracleDataset(name)
        let expected = try #require(try OracleExpectations.load().datasets[name]).logistic
        var options = LogisticProbeOptions()
        options.inverseRegularization = expected.C
        let model = try LogisticProbe.fit(data.train, labels: data.trainLabels, options: options)
        let probabilities = model.probabilities(data.test)
        let worst = zip(probabilities, expected.test_probabilities).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-3, "largest probability difference \(worst)")
        let coefficientGap = zip(model.coefficients, expected.coefficients).map { abs($0 - $1) }.max() ?? .infinity
        #expect(coefficientGap <= 1e-3, "largest coefficient difference \(coefficientGap)")
        #expect(abs(model.intercept - expected.intercept) <= 1e-3)
    }

    @Test func aConstantFeatureGetsZeroWeight() throws {
        let (x, labels) = try separableTable()
        let model = try LogisticProbe.fit(x, labels: labels)
        #expect(model.scales[2] == 1)
        #expect(abs(model.coefficients[2]) < 1e-12)
        #expect(model.coefficients[0] > 1)
        #expect(rocAUC(model.probabilities(x), labels) > 0.97)
    }

    @Test func strongerRegularisationShrinksTheWeights() throws {
        let (x, labels) = try separableTable()
        var options = LogisticProbeOptions()
        options.inverseRegularization = 0.01
        let weak = try LogisticProbe.fit(x, labels: labels)
        let strong = try LogisticProbe.fit(x, labels: labels, options: options)
        #expect(abs(strong.coefficients[0]) < abs(weak.coefficients[0]))
    }

    @Test func withoutStandardisationKeepsRawUnits() throws {
        let (x, labels) = try separableTable()
        var options = LogisticProbeOptions()
        options.standardize = false
        let model = try LogisticProbe.fit(x, labels: labels, options: options)
        #expect(model.means == [0, 0, 0] && model.scales == [1, 1, 1])
        #expect(rocAUC(model.probabilities(x), labels) > 0.97)
    }

    @Test func rejectsOneClassAndBadOptions() throws {
        let x = try FeatureMatrix(names: ["a"], rows: [[1], [2]])
        #expect(throws: LearnError.oneClass) { try LogisticProbe.fit(x, labels: [false, false]) }
        var options = LogisticProbeOptions()
        options.inverseRegularization = 0
        #expect(throws: LearnError.self) { try LogisticProbe.fit(x, labels: [false, true], options: options) }
    }

    @Test func twoRowsOfOppositeClassGiveFiniteOppositeProbabilities() throws {
        let x = try FeatureMatrix(names: ["a", "b"], rows: [[0, 1], [1, 0]])
        let model = try LogisticProbe.fit(x, labels: [false, true])
        let p = model.probabilities(x)
        #expect(p[0] < 0.5 && p[1] > 0.5)
        #expect(abs(p[0] + p[1] - 1) < 1e-9)
    }
}
