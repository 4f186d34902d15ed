import ArgumentParser

struct TrainForensicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forensic", abstract: "Train the forensic expert's trees and write <expert>.json.")

    @OptionGroup var options: TrainOptions

    @Option(help: "The forensic expert's name in the pipeline.")
    var expert = "forensic"

    func run() async throws { try await options.train(parts: [expert]) }
}
