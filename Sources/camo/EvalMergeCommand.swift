import ArgumentParser
import CAMOEval
import Foundation

struct EvalMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of `camo eval --shard i/n` runs into one report."
    )

    @Argument(help: "The dataset the shards were cut from (manifest CSV, ImageFolder or HF imagefolder).")
    var dataset: String

    @Argument(help: "The shards' --out folders.")
    var shards: [String]

    @Option(help: "Where to write the merged reports.")
    var out: String = "eval-out"

    func run() throws {
        let data = try Dataset.load(at: URL(fileURLWithPath: dataset))
        let results = try EvaluationSession.merge(data, shards: shards.map { URL(fileURLWithPath: $0) }, output: URL(fileURLWithPath: out))
        print("merged \(shards.count) shards: \(results.images) images, \(results.systems.count) systems → \(out)")
    }
}
