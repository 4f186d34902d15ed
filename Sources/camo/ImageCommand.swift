import ArgumentParser

struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect, decode and benchmark images.",
        subcommands: [ImageInfoCommand.self, ImageMetadataCommand.self, ImageLandmarksCommand.self, ImageBenchCommand.self,
            ImageFeaturesCommand.self, ImageC2PACommand.self]
    )
}
