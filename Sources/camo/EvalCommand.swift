import ArgumentParser

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a pipeline on a labelled dataset: metrics per slice, baselines, robustness levels, reports.",
        subcommands: [EvalRunCommand.self, EvalCompareCommand.self, EvalMergeCommand.self, EvalVideoCommand.self],
        defaultSubcommand: EvalRunCommand.self
    )
}
