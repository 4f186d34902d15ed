import ArgumentParser

struct TrainProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Train an embedding expert's logistic head and write <expert>.json.")

    @OptionGroup var options: TrainOptions

    @Option(help: "The embedding expert's name in the pipeline.")
    var expert: String

    func run() async throws { try await options.train(parts: [expert]) }
}
