import ArgumentParser
import CAMO
import Foundation

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the registered models, check their files, and import exported classifiers.",
        subcommands: [List.self, Verify.self, Import.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every registered model, its licence and where its file is looked up.")

        @Option(help: "Also list the models this pipeline runs, imported classifiers and dlib's landmark model included.")
        var pipeline: String?

        func run() throws {
            let registry = try ModelRegistry(contentsOf: CamoHome.registry)
            if let pipeline {
                let loaded = try Pipeline.load(contentsOf: URL(fileURLWithPath: pipeline), models: registry, loadsCalibration: false)
                print("pipeline \(loaded.name):")
                for used in loaded.models {
                    let flag = used.model.researchOnly ? "  RESEARCH USE ONLY" : ""
                    print("  \(used.usedBy): \(used.model.name)  \(used.model.file)  sha256 \(used.model.sha256.prefix(16))…\(flag)")
                    print("      licence: \(used.model.licence)")
                }
                print("")
            }
            print("models folder: \(registry.directory.path)")
            for entry in registry.entries {
                let flag = entry.researchOnly ? "  RESEARCH USE ONLY" : ""
                print("\(entry.name)  [\(entry.task)]  \(entry.file)  \(entry.bytes) bytes\(flag)")
                print("    licence: \(entry.licence)")
                print("    input: \(entry.input) \(entry.inputShape); \(entry.contract)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every model file's size and sha256; exit 1 when any is missing or altered.")

        @Argument(help: "Model names to check (default: all).")
        var names: [String] = []

        func run() throws {
            let registry = try ModelRegistry(contentsOf: CamoHome.registry)
            let entries = try names.isEmpty ? registry.entries : names.map { try registry.entry(named: $0) }
            var failed = 0
            for entry in entries {
                do {
                    try registry.verify(entry)
                    print("ok       \(entry.name)")
                } catch {
                    failed += 1
                    print("FAILED   \(entry.name): \(error)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
