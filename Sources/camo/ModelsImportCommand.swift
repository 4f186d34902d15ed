import ArgumentParser
import CAMO
import CAMORuntime
import Foundation

extension ModelsCommand {
    /// Reads an exported Hugging Face or timm classifier folder, says how CAMO will feed it and read it,
    /// and prints the pipeline entry that uses it.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Check an exported Hugging Face or timm image classifier and print the pipeline entry that uses it.",
            discussion: """
                PATH holds model.onnx, config.json and (for transformers) preprocessor_config.json, as \
                `optimum-cli export onnx --task image-classification --model ID PATH` writes them. The model is loaded \
                and its input and output checked against the image processor and the labels.
                """)

        @Argument(help: "The exported model's folder.")
        var path: String

        @Option(help: "The expert's name in the pipeline (default: the folder's name).")
        var name: String?

        @Option(parsing: .upToNextOption, help: "Labels that mean generated (default: recognised by name).")
        var fakeLabels: [String] = []

        @Option(parsing: .upToNextOption, help: "Labels that mean real (default: recognised by name).")
        var realLabels: [String] = []

        func run() throws {
            let url = URL(fileURLWithPath: path)
            let folder = try HFModelFolder(contentsOf: url)
            let labels = try HFLabelMap(labels: folder.labels, fakeLabels: fakeLabels.isEmpty ? nil : fakeLabels,
                                        realLabels: realLabels.isEmpty ? nil : realLabels)
            let expertName = name ?? url.standardizedFileURL.lastPathComponent
            _ = try HFImageClassifierExpert(name: expertName, folder: folder, labelMap: labels)
            let processor = folder.processor
            let digest = try FileDigestCache.sha256(of: folder.model)
            print("model: \(folder.model.path) (sha256 \(digest))")
            print("licence: \(folder.licence ?? "unknown: no model card front matter")\(folder.researchOnly ? "  RESEARCH USE ONLY" : "")")
            print("preprocessing (\(processor.kind)): \(Self.describe(processor))")
            for (index, label) in labels.labels.enumerated() {
                let role = labels.fake.contains(index) ? "generated" : labels.real.contains(index) ? "real" : "neither"
                print("label \(index): \(label) → \(role)")
            }
            if labels.fake.count > 1 { print("several generated labels: p_fake = 1 − P(real); the likeliest is reported as the attribution") }
            print("\npipeline entry (folder relative to the pipeline file):")
            var options = "folder: \(path)"
            if !fakeLabels.isEmpty { options += ", fake_labels: [\(fakeLabels.joined(separator: ", "))]" }
            if !realLabels.isEmpty { options += ", real_labels: [\(realLabels.joined(separator: ", "))]" }
            print("  - {name: \(expertName), kind: hf-image-classifier, serves: [general], options: {\(options)}}")
            print("then calibrate it: camo calibrate DATASET --pipeline PIPELINE --out CALIBRATION")
        }

        static func describe(_ processor: HFImageProcessor) -> String {
            var steps: [String] = []
            switch processor.resize {
            case .none: break
            case let .exact(size): steps.append("resize to \(size.width)×\(size.height) (\(processor.resample.rawValue))")
            case let .shortestEdge(length): steps.append("resize the shortest edge to \(length) (\(processor.resample.rawValue))")
            }
            if let crop = processor.centreCrop { steps.append("centre crop \(crop.width)×\(crop.height)") }
            if let factor = processor.rescaleFactor { steps.append("× \(factor)") }
            steps.append("normalise mean \(processor.mean) std \(processor.std)")
            return steps.joined(separator: ", ")
        }
    }
}
