import ArgumentParser
import CAMO
import CAMOForensics
import CAMOVision
import Foundation

/// `camo image features`: the forensic feature vector of each image, as JSON, or its extraction time.
struct ImageFeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Print the forensic features (residual spectrum, noise residuals, colour, block variance) as JSON.",
        discussion: "Features are defined in docs/forensic-features.md. With --bench, prints the median extraction time instead."
    )

    @Argument(help: "Image files.")
    var files: [String]

    @Flag(help: "Time the extraction (decoding excluded) and print median, p90 and minimum per file.")
    var bench = false

    @Option(help: "Timed runs per file with --bench (after one warm-up).")
    var runs = 20

    @Option(help: "Side of the square analysis views, in pixels.")
    var analysisSide = ForensicFeatureOptions().analysisSide

    @Option(help: "Tiles per side added as extra views when the image is large enough (0 or 1: centre crop only).")
    var tileGrid = ForensicFeatureOptions().tileGrid

    struct FileFeatures: Encodable {
        var schemaVersion = JSONConvention.schemaVersion
        var file: String
        var width: Int
        var height: Int
        var features: [String: Float]
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one image file") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let extractor = ForensicFeatureExtractor(options: ForensicFeatureOptions(analysisSide: analysisSide, tileGrid: tileGrid))
        var reports: [BatchEntry<FileFeatures>] = []
        for file in files {
            let image: Image
            do {
                image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: file)).image
            } catch {
                if bench { print("\(file): error: \(error)") }
                reports.append(.failure(file: file, error: "\(error)"))
                continue
            }
            if bench {
                _ = try extractor.imageFeatures(of: image)
                let clock = ContinuousClock()
                var times: [Double] = []
                for _ in 0..<runs { times.append(try clock.measure { _ = try extractor.imageFeatures(of: image) }.milliseconds) }
                let summary = TimingSummary(times)
                print("\(file) (\(image.width)×\(image.height)): features median \(String(format: "%.3f", summary.median)) ms, "
                    + "p90 \(String(format: "%.3f", summary.p90)) ms, min \(String(format: "%.3f", summary.minimum)) ms over \(runs) runs")
                continue
            }
            let features = try extractor.imageFeatures(of: image)
            reports.append(.report(FileFeatures(
                file: file, width: image.width, height: image.height,
                features: Dictionary(uniqueKeysWithValues: zip(features.names, features.values)))))
        }
        if !bench {
            print(String(decoding: try JSONConvention.encoder(pretty: true).encode(reports), as: UTF8.self))
        }
        if reports.contains(where: \.isFailure) { throw ExitCode(1) }
    }
}
