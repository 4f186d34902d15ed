import ArgumentParser

@main
struct Camo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camo",
        abstract: "Detect AI-generated and manipulated images, and say why.",
        version: CamoVersion.description,
        subcommands: [ImageCommand.self, OnnxCommand.self, EvalCommand.self, AugmentCommand.self]
    )
}
