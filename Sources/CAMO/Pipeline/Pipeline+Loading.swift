import CAMOGate
import Foundation

extension Pipeline {
    /// Builds the pipeline a YAML file describes: its gate's detectors and landmark model, its experts
    /// (by kind, from `experts`), routing, aggregation, threshold and calibration. Errors name the file and key.
    /// `camo calibrate` passes `loadsCalibration: false`: it fits the file, so the file may not exist yet.
    public static func load(
        contentsOf url: URL, models: ModelRegistry, experts registry: ExpertRegistry = .standard,
        landmarkModel: URL = ShapePredictor.defaultModelURL, allowsUntrainedExperts: Bool = false, loadsCalibration: Bool = true
    ) throws -> Pipeline {
        let configuration = try PipelineConfiguration(contentsOf: url)
        var models = models
        let log = ModelResolutionLog()
        models.resolutionLog = log
        let context = ExpertRegistry.BuildContext(models: models, pipelineFile: url.path, allowsUntrainedExperts: allowsUntrainedExperts)
        var built: [PipelineExpert] = []
        var expertModels: [PipelineModel] = []
        for (index, entry) in configuration.experts.enumerated() {
            let expert = try registry.makeExpert(entry, index: index, context: context)
            built.append(PipelineExpert(expert, roles: entry.serves, weight: entry.weight, trusted: entry.trusted, decisive: entry.decisive))
            expertModels += log.take().map { PipelineModel(usedBy: "experts.\(entry.name)", model: $0) }
        }
        let readsObjects = configuration.gate.rules.requirePerson || configuration.routing == .patches
            || configuration.aggregation == .learned || built.contains { expert in
                expert.expert.readsGateObjects || expert.roles.contains { if case .category = $0 { true } else { false } }
            }
        let gate = try configuration.makeGate(models: models, landmarkModel: landmarkModel).detectingObjects(readsObjects)
        var gateModels = log.take().map { model in
            let key = model.name == configuration.gate.faceDetector ? "face_detector"
                : model.name == configuration.gate.objectDetector ? "object_detector" : "detector"
            return PipelineModel(usedBy: "gate.\(key)", model: model)
        }
        if gate.landmarkPredictor != nil {
            gateModels.append(PipelineModel(usedBy: "gate.landmarks", model: try dlibLandmarkEntry(landmarkModel, file: url.path)))
        }
        var pipeline = Pipeline(
            name: configuration.name, gate: gate, experts: built, routing: configuration.routing,
            aggregation: Aggregation(method: configuration.aggregation, threshold: configuration.threshold,
                                     uncertainBand: configuration.uncertainBand))
        if !readsObjects, gate.objectDetector != nil { pipeline.gateWithObjects = gate.detectingObjects(true) }
        pipeline.learnedAggregator = try configuration.aggregator
            .flatMap { try context.trainedModel($0, keyPath: "aggregator") }
            .map(LearnedAggregator.init(model:))
        for feature in pipeline.learnedAggregator?.model.featureNames ?? [] where feature.hasPrefix("expert.") {
            let expert = String(feature.dropFirst("expert.".count))
            guard built.contains(where: { $0.name == expert }) else {
                throw ConfigurationError(file: url.path, keyPath: "aggregator",
                                         message: "the aggregator was trained on expert '\(expert)', which this pipeline does not have")
            }
        }
        pipeline.models = gateModels + expertModels
        pipeline.errorBudget = configuration.errorBudget
        if loadsCalibration, let reference = configuration.calibration {
            pipeline.calibration = try loadCalibration(reference, for: configuration, file: url)
        }
        return pipeline
    }

    /// Reads the `calibration:` file and checks that it was fitted for this pipeline's name and aggregation.
    private static func loadCalibration(_ reference: String, for configuration: PipelineConfiguration, file: URL) throws
        -> PipelineCalibration
    {
        let url = reference.hasPrefix("/") ? URL(fileURLWithPath: reference)
            : file.deletingLastPathComponent().appendingPathComponent(reference)
        let calibration: PipelineCalibration
        do {
            calibration = try PipelineCalibration(contentsOf: url)
        } catch {
            throw ConfigurationError(file: file.path, keyPath: "calibration", message: "\(error)")
        }
        guard calibration.pipeline == configuration.name, calibration.aggregation == configuration.aggregation else {
            throw ConfigurationError(
                file: file.path, keyPath: "calibration",
                message: "\(url.lastPathComponent) was fitted for pipeline '\(calibration.pipeline)' with aggregation "
                    + "\(calibration.aggregation.rawValue), not '\(configuration.name)' with \(configuration.aggregation.rawValue): "
                    + "run camo calibrate for this pipeline")
        }
        for name in calibration.experts.keys where !configuration.experts.contains(where: { $0.name == name }) {
            throw ConfigurationError(file: file.path, keyPath: "calibration",
                                     message: "\(url.lastPathComponent) calibrates expert '\(name)', which this pipeline does not have")
        }
        return calibration
    }

    /// dlib's 68-point model is not in the registry (Debian's `libdlib-data` ships it), so its digest is measured here.
    private static func dlibLandmarkEntry(_ url: URL, file: String) throws -> ModelEntry {
        do {
            return try ModelEntry(
                unregisteredFile: url, name: "dlib68", task: "face-landmarks",
                // The code is Boost-licensed; the model was trained on iBUG 300-W, whose terms exclude commercial use.
                licence: "Boost-1.0 (dlib); trained on iBUG 300-W, whose licence excludes commercial use", researchOnly: true,
                source: "Debian libdlib-data (shape_predictor_68_face_landmarks.dat)")
        } catch {
            throw ConfigurationError(file: file, keyPath: "gate.landmarks", message: "\(error)")
        }
    }
}

/// Detector families by model-name prefix: adding a detector is one entry here and one in the registry.
enum GateFactory {
    typealias FaceFactory = @Sendable (URL, GateConfiguration) throws -> any FaceDetector
    typealias ObjectFactory = @Sendable (URL, GateConfiguration) throws -> any ObjectDetector

    static let faceFamilies: [(prefix: String, make: FaceFactory)] = [
        ("yunet", { url, c in
            try YuNetFaceDetector(model: url, decoder: YuNetDecoder(scoreThreshold: c.faceScoreThreshold, nmsThreshold: c.faceNMSThreshold))
        }),
        ("ultraface", { url, c in
            try UltraFaceDetector(model: url, decoder: UltraFaceDecoder(scoreThreshold: c.faceScoreThreshold, nmsThreshold: c.faceNMSThreshold))
        }),
    ]

    static let objectFamilies: [(prefix: String, make: ObjectFactory)] = [
        ("yolox", { url, c in try YOLOXObjectDetector(model: url, decoder: YOLOXDecoder(scoreThreshold: c.objectScoreThreshold)) }),
        ("fastestdet", { url, c in
            try FastestDetObjectDetector(model: url, decoder: FastestDetDecoder(scoreThreshold: c.objectScoreThreshold))
        }),
        ("yolov8", { url, c in
            try UltralyticsObjectDetector(model: url, decoder: UltralyticsDecoder(scoreThreshold: c.objectScoreThreshold))
        }),
        ("yolo11", { url, c in
            try UltralyticsObjectDetector(model: url, decoder: UltralyticsDecoder(scoreThreshold: c.objectScoreThreshold))
        }),
    ]

    static func makeGate(_ c: GateConfiguration, models: ModelRegistry, landmarkModel: URL, file: String) throws -> Gate {
        func family<F>(_ reference: String, _ families: [(prefix: String, make: F)], key: String) throws -> F {
            let name = URL(fileURLWithPath: reference).lastPathComponent.lowercased()
            guard let match = families.first(where: { name.hasPrefix($0.prefix) }) else {
                throw ConfigurationError(
                    file: file, keyPath: "gate.\(key)",
                    message: "no detector family for '\(reference)'; known: \(families.map(\.prefix).joined(separator: ", ")), or none")
            }
            return match.make
        }
        let faces: (any FaceDetector)? = c.faceDetector == "none"
            ? nil : try family(c.faceDetector, faceFamilies, key: "face_detector")(try models.resolve(c.faceDetector), c)
        let objects: (any ObjectDetector)? = c.objectDetector == "none"
            ? nil : try family(c.objectDetector, objectFamilies, key: "object_detector")(try models.resolve(c.objectDetector), c)
        // A missing landmark model is not an error: faces are then aligned from the detector's keypoints, and results say so.
        let predictor = c.landmarks == "dlib68" && FileManager.default.fileExists(atPath: landmarkModel.path)
            ? try ShapePredictor(contentsOf: landmarkModel) : nil
        var options = Gate.Options()
        options.maximumAlignedFaces = c.maximumFaces
        options.alignment.outputSize = c.alignedSize
        options.alignment.margin = c.alignmentMargin
        options.rules = c.rules
        return try Gate(faceDetector: faces, objectDetector: objects, landmarkPredictor: predictor, options: options)
    }
}

extension PipelineConfiguration {
    /// The gate this pipeline's `gate:` section describes, alone (for `camo gate`).
    public func makeGate(models: ModelRegistry, landmarkModel: URL = ShapePredictor.defaultModelURL) throws -> Gate {
        try GateFactory.makeGate(gate, models: models, landmarkModel: landmarkModel, file: file)
    }
}
