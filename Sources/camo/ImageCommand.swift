import ArgumentParser

struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect, decode and benchmark images.",
        subcommands: [ImageInfoCommand.self, ImageBenchCommand.self, ImageLandmarksCommand.self]
    )
}
