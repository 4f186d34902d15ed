import ArgumentParser

struct TrainAggregatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregator",
        abstract: "Train the learned aggregation (stacked on out-of-fold expert scores) and write aggregator.json.")

    @OptionGroup var options: TrainOptions

    func run() async throws { try await options.train(parts: ["aggregator"]) }
}
