import ArgumentParser

struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Build training sets: aligned faces or fixed-size crops, one subset per transform (see docs/datasets.md).",
        subcommands: [DatasetPrepareCommand.self, DatasetSheetCommand.self]
    )
}
