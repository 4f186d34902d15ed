import CAMOForensics
import CAMOLearn
import Foundation

extension ExpertRegistry {
    /// The kinds CAMO ships: `onnx-classifier`, `hf-image-classifier`, `forensic`, `provenance`, `watermark`.
    public static var standard: ExpertRegistry {
        var registry = ExpertRegistry()
        registry.register("onnx-classifier") { configuration, context in
            guard let node = configuration.options else {
                throw ConfigurationError(file: context.pipelineFile, keyPath: "experts.\(configuration.name).options",
                                         message: "an onnx-classifier needs options (model, input_size, …)")
            }
            let options = try node.decode(ONNXClassifierOptions.self)
            let model = try context.models.resolve(options.model)
            let head = try options.head.flatMap { try context.trainedModel($0, keyPath: "experts.\(configuration.name).options.head") }
            if options.outputKind == .embedding && head == nil && !context.allowsUntrainedExperts {
                throw ConfigurationError(file: context.pipelineFile, keyPath: "experts.\(configuration.name).options.head",
                                         message: "output_kind: embedding needs a head (train one with `camo train probe`)")
            }
            return try ONNXClassifierExpert(name: configuration.name, options: options, model: model, head: head)
        }
        registry.register("hf-image-classifier") { configuration, context in
            guard let node = configuration.options else {
                throw ConfigurationError(file: context.pipelineFile, keyPath: "experts.\(configuration.name).options",
                                         message: "an hf-image-classifier needs options (folder)")
            }
            let options = try node.decode(HFImageClassifierExpert.Options.self)
            let base = URL(fileURLWithPath: context.pipelineFile).deletingLastPathComponent()
            let url = options.folder.hasPrefix("/") ? URL(fileURLWithPath: options.folder) : base.appendingPathComponent(options.folder)
            let keyPath = "experts.\(configuration.name).options"
            do {
                let folder = try HFModelFolder(contentsOf: url)
                let labels = try HFLabelMap(labels: folder.labels, fakeLabels: options.fakeLabels, realLabels: options.realLabels)
                if let resolutionLog = context.models.resolutionLog {
                    resolutionLog.note(try ModelEntry(unregisteredFile: folder.model, name: configuration.name, task: "image-classification",
                                                      licence: folder.licence ?? "unknown (no model card)", researchOnly: folder.researchOnly,
                                                      source: url.path))
                }
                return try HFImageClassifierExpert(name: configuration.name, folder: folder, labelMap: labels, crop: options.crop)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(file: context.pipelineFile, keyPath: keyPath, message: "\(error)")
            }
        }
        registry.register("forensic") { configuration, context in
            guard let node = configuration.options else {
                throw ConfigurationError(file: context.pipelineFile, keyPath: "experts.\(configuration.name).options",
                                         message: "a forensic expert needs options (model)")
            }
            let options = try node.decode(ForensicExpert.Options.self)
            let model = try context.trainedModel(options.model, keyPath: "experts.\(configuration.name).options.model")
            return ForensicExpert(name: configuration.name, model: model)
        }
        registry.register("provenance") { configuration, context in
            let options = try configuration.options?.decode(ProvenanceExpert.Options.self)
            let keyPath = "experts.\(configuration.name).options.c2pa_trust_anchors"
            let path = options?.c2paTrustAnchors.map { reference in
                reference.hasPrefix("/") ? reference
                    : URL(fileURLWithPath: context.pipelineFile).deletingLastPathComponent().appendingPathComponent(reference).path
            } ?? ProvenanceExpert.trustAnchorsFromEnvironment
            guard let path else { return ProvenanceExpert(name: configuration.name) }
            do {
                let trustList = try C2PATrustList(contentsOf: URL(fileURLWithPath: path))
                return ProvenanceExpert(name: configuration.name, c2paValidator: C2PAValidator(trustList: trustList))
            } catch {
                throw ConfigurationError(
                    file: context.pipelineFile, keyPath: options?.c2paTrustAnchors == nil ? ProvenanceExpert.trustAnchorsVariable : keyPath,
                    message: "cannot read the C2PA trust anchors \(path): \(error)")
            }
        }
        registry.register("watermark") { configuration, context in
            try Self.refuseOptions(configuration, context)
            return WatermarkExpert(name: configuration.name)
        }
        return registry
    }

    private static func refuseOptions(_ configuration: ExpertConfiguration, _ context: BuildContext) throws {
        guard configuration.options == nil else {
            throw ConfigurationError(file: context.pipelineFile, keyPath: "experts.\(configuration.name).options",
                                     message: "kind '\(configuration.kind)' takes no options")
        }
    }
}

extension ModelRegistry {
    /// A registry name (checked against its size and sha256) or a path to a model file.
    public func resolve(_ reference: String) throws -> URL {
        if reference.contains("/") || reference.hasSuffix(".onnx") {
            let url = URL(fileURLWithPath: reference)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ModelError.missingFile(name: reference, path: url.path, sha256: "unknown", source: "the path given in the pipeline")
            }
            if let resolutionLog { resolutionLog.note(try ModelEntry(unregisteredFile: url)) }
            return url
        }
        return try verifiedURL(of: reference)
    }
}
