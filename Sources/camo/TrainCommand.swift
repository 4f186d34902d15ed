import ArgumentParser

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the pipeline's trainable parts (forensic trees, embedding probes, the aggregator) with grouped CV.",
        discussion: "Every training image is first re-encoded through random resizes, crops and JPEG qualities (some ending "
            + "as PNG), so no model can learn the file format, the size or the metadata. Folds are grouped by the data set's "
            + "`source` column. Each command also writes study.json and study.md: every system at every robustness level.",
        subcommands: [TrainAllCommand.self, TrainForensicCommand.self, TrainProbeCommand.self, TrainAggregatorCommand.self]
    )
}
