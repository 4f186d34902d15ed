import ArgumentParser
import CAMO
import CAMOEval
import CAMORuntime
import Foundation

struct DatasetPrepareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Write a Hugging Face imagefolder per transform from any dataset camo eval reads.",
        discussion: "faces: aligned 256×256 crops of the gate's faces, their landmarks and masks. general: a centre window or tiles. "
            + "Re-running the same command resumes: finished outputs are checked by hash and skipped.",
        subcommands: [Faces.self, General.self]
    )

    /// The options both pipelines share.
    struct Common: ParsableArguments {
        @Argument(help: "The dataset: manifest CSV, ImageFolder (real/, fake/) or Hugging Face imagefolder.")
        var dataset: String

        @OptionGroup var progressOptions: ProgressOptions

        @Option(help: "The output folder.")
        var out: String

        @Option(help: ArgumentHelp("Transforms, one subset each: \(PreparationTransform.names.joined(separator: ", ")).",
                                   valueName: "name[,name…]"))
        var transforms: String = "none"

        @Option(help: ArgumentHelp("Splits by source group, e.g. train=0.8,val=0.1,test=0.1 (default: all in train).",
                                   valueName: "name=fraction,…"))
        var splits: String?

        @Option(help: "Seed of the transforms and of the split draw.")
        var seed: UInt64 = 0

        @Option(help: "Encoding of every output image: png or jpeg.")
        var format: String = "png"

        @Option(help: "JPEG quality with --format jpeg.")
        var quality: Int = 95

        @Option(help: "Prepare only part i of n (i/n); give each part its own --out.")
        var shard: String?

        @Option(help: "Images in flight at once.")
        var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Write into a folder that holds another dataset or other options (their outputs are replaced).")
        var resume = false

        func options(mode: PrepareOptions.Mode, gateIdentity: String = "") throws -> PrepareOptions {
            let encoding: PrepareOptions.Encoding
            switch format.lowercased() {
            case "png": encoding = .png
            case "jpeg", "jpg": encoding = .jpeg(quality: quality)
            default: throw ValidationError("--format must be png or jpeg, not '\(format)'")
            }
            return PrepareOptions(
                mode: mode, transforms: try PreparationTransform.list(parsing: transforms),
                splits: try splits.map { try SplitPlan(parsing: $0) } ?? .trainOnly, seed: seed, encoding: encoding,
                shard: try shard.map { try Shard(parsing: $0) }, concurrency: concurrency, resume: resume, gateIdentity: gateIdentity)
        }

        func run(_ preparer: DatasetPreparer) async throws {
            let data = try Dataset.load(at: URL(fileURLWithPath: dataset))
            let progress = TerminalProgress(enabled: progressOptions.choice)
            let report = try await preparer.prepare(data, into: URL(fileURLWithPath: out)) { done, total, resumed in
                progress.draw(done: done, total: total, cached: resumed)
            }
            progress.finish()
            print(String(format: "%d source images → %d outputs in %.1f s (%.2f images/s); %d already finished",
                         report.sourceImages, report.outputs, report.seconds, report.imagesPerSecond, report.resumedImages))
            for count in report.counts { print("  \(count.subset)/\(count.split) \(count.label): \(count.images)") }
            for (reason, count) in report.skippedByReason.sorted(by: { $0.key < $1.key }) { print("  skipped, \(reason): \(count)") }
            print("report in \(out)/prepare-report.md")
        }
    }

    struct Faces: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Aligned face crops (256×256, margin 1.3, as the gate makes them for the face experts).")

        @OptionGroup var common: Common

        @Option(help: "Pipeline YAML whose gate finds and aligns the faces (default: pipelines/default.yaml).")
        var pipeline: String?

        @Option(help: "Smallest face box side, in pixels.")
        var minFaceSize: Double = 64

        @Option(help: "Smallest face box area as a share of the image (0–1).")
        var minFaceShare: Double = 0

        @Option(help: "Lowest face detector score.")
        var minScore: Float = 0

        @Flag(help: "Every face the gate aligned, not only the largest.")
        var everyFace = false

        func run() async throws {
            let pipelineURL = pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline
            let gate = try PipelineConfiguration(contentsOf: pipelineURL).makeGate(models: try ModelRegistry(contentsOf: CamoHome.registry))
            // The YAML and the registry (which pins every model's sha256) identify the gate that made the crops.
            let identity = SHA256.hexDigest([UInt8](try Data(contentsOf: pipelineURL)) + [UInt8](try Data(contentsOf: CamoHome.registry)))
            let filter = PrepareOptions.FaceFilter(minimumSide: minFaceSize, minimumShare: minFaceShare, minimumScore: minScore,
                                                   largestOnly: !everyFace)
            try await common.run(DatasetPreparer(options: try common.options(mode: .faces(filter), gateIdentity: identity), gate: gate))
        }
    }

    struct General: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fixed-size windows of whole images (cut, never resampled), for the general experts.")

        @OptionGroup var common: Common

        @Option(help: "centre or tiles.")
        var crop: String = "centre"

        @Option(help: "Window side in pixels.")
        var size: Int = 256

        @Option(help: "At most this many tiles per image with --crop tiles.")
        var maxTiles: Int = 16

        func run() async throws {
            guard let placement = PrepareOptions.GeneralCrop.Placement(rawValue: crop == "center" ? "centre" : crop) else {
                throw ValidationError("--crop must be centre or tiles, not '\(crop)'")
            }
            let mode = PrepareOptions.Mode.general(.init(placement: placement, size: size, maximumTiles: maxTiles))
            try await common.run(DatasetPreparer(options: try common.options(mode: mode), gate: nil))
        }
    }
}
