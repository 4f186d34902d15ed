import ArgumentParser
import CAMOEval
import Foundation

struct EvalCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print the metric differences between two evaluations, with each side's 95% interval."
    )

    @Argument(help: "The first results.json.")
    var before: String

    @Argument(help: "The second results.json.")
    var after: String

    func run() throws {
        let comparison = ReportComparison(before: try EvaluationResults.load(URL(fileURLWithPath: before)),
                                          after: try EvaluationResults.load(URL(fileURLWithPath: after)))
        print(comparison.render())
    }
}
