import ArgumentParser

struct TrainAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Train every part and write each file (<expert>.json, aggregator.json).")

    @OptionGroup var options: TrainOptions

    func run() async throws { try await options.train(parts: nil) }
}
