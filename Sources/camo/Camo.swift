import ArgumentParser
import Foundation

@main
struct Camo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camo",
        abstract: "Detect AI-generated and manipulated images, and say why.",
        version: CamoVersion.description,
        subcommands: [
            DetectCommand.self, GateCommand.self, EvalCommand.self, DatasetCommand.self, AugmentCommand.self, ImageCommand.self,
            ModelsCommand.self, OnnxCommand.self, ServeCommand.self, TrainCommand.self, CalibrateCommand.self, MirrorCommand.self,
        ]
    )

    /// Usage errors exit with status 2 (as most Unix tools do) rather than ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
