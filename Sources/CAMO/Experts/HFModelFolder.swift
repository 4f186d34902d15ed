import Foundation

/// An image classifier exported from Hugging Face transformers (Optimum, `torch.onnx`) or timm: a
/// folder holding `model.onnx` (or `onnx/model.onnx`), `config.json` with its labels (transformers'
/// `id2label`, timm's `label_names`) and its preprocessing (`preprocessor_config.json`, or timm's
/// `pretrained_cfg` in `config.json`), and usually a model card, `README.md`, whose front matter
/// names the licence.
public struct HFModelFolder: Sendable {
    public var folder: URL
    public var model: URL
    public var processor: HFImageProcessor
    public var labels: [String]
    /// The model card's `license:`, if any.
    public var licence: String?
    /// A licence that forbids commercial use (`-nc`, non-commercial, research-only) or none at all.
    public var researchOnly: Bool

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    public init(contentsOf folder: URL) throws {
        self.folder = folder
        let files = FileManager.default
        guard let model = ["model.onnx", "onnx/model.onnx"].map({ folder.appendingPathComponent($0) })
            .first(where: { files.fileExists(atPath: $0.path) }) else {
            throw Problem(file: folder.path, message: "no model.onnx (export with optimum-cli export onnx --task image-classification, or torch.onnx.export)")
        }
        self.model = model
        let configURL = folder.appendingPathComponent("config.json")
        guard let configData = try? Data(contentsOf: configURL),
              let config = try JSONSerialization.jsonObject(with: configData) as? [String: Any] else {
            throw Problem(file: configURL.path, message: "missing or not a JSON object")
        }
        if let timm = config["pretrained_cfg"] as? [String: Any] {
            processor = try HFImageProcessor(timmConfig: timm, file: configURL.path)
            if let names = config["label_names"] as? [String] {
                labels = names
            } else if let count = config["num_classes"] as? Int {
                labels = (0..<count).map { "LABEL_\($0)" }
            } else {
                throw Problem(file: configURL.path, message: "no label_names or num_classes")
            }
        } else {
            let processorURL = folder.appendingPathComponent("preprocessor_config.json")
            guard let processorData = try? Data(contentsOf: processorURL) else {
                throw Problem(file: processorURL.path, message: "missing: the image processor's settings are needed to feed the model as it was trained")
            }
            processor = try HFImageProcessor(preprocessorConfig: processorData, file: processorURL.path)
            guard let map = config["id2label"] as? [String: String], !map.isEmpty else {
                throw Problem(file: configURL.path, message: "no id2label")
            }
            let indexed = try map.map { key, label in
                guard let index = Int(key) else { throw Problem(file: configURL.path, message: "id2label key '\(key)' is not a number") }
                return (index, label)
            }
            guard Set(indexed.map(\.0)) == Set(0..<indexed.count) else {
                throw Problem(file: configURL.path, message: "id2label keys are not 0…\(indexed.count - 1)")
            }
            labels = indexed.sorted { $0.0 < $1.0 }.map(\.1)
        }
        licence = Self.licence(inCard: folder.appendingPathComponent("README.md"))
        let lowered = licence?.lowercased() ?? ""
        researchOnly = licence == nil || lowered.contains("-nc") || lowered.contains("noncommercial")
            || lowered.contains("non-commercial") || lowered.contains("research")
    }

    /// `license:` from the model card's YAML front matter (between the first two `---` lines).
    static func licence(inCard url: URL) -> String? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return nil }
        for line in lines[1..<end] where line.hasPrefix("license:") {
            let value = line.dropFirst("license:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
