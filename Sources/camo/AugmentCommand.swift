import ArgumentParser
import CAMOEval
import CAMORuntime
import CAMOVision
import Foundation

struct AugmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augment",
        abstract: "Write one image as a robustness level turns it (L0–L3, chain), to look at.",
        discussion: "The result is deterministic for (seed, image): `camo eval --augment` scores the same bytes."
    )

    @Argument(help: "The image to augment.")
    var image: String

    @Option(help: "none, L0, L1, L2, L3 or chain.")
    var level: String

    @Option(help: "Seed of the random choices.")
    var seed: UInt64 = 0

    @Option(help: "Where to write the JPEG.")
    var out: String

    func run() throws {
        let level = try AugmentationLevel(parsing: level)
        let url = URL(fileURLWithPath: image)
        let data = try Data(contentsOf: url)
        let decoded = try ImageDecoder.decode(data)
        // Keyed by the file's sha256, as in `camo eval`, so this shows exactly what the evaluation scored.
        let key = SHA256.hexDigest([UInt8](data))
        let output = try Augmenter(level: level, seed: seed).apply(to: decoded.image, key: key)
        try output.bytes.write(to: URL(fileURLWithPath: out))
        print("\(out): \(output.image.width)×\(output.image.height), \(output.steps.joined(separator: " → "))")
    }
}
