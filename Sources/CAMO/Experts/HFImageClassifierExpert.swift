import CAMORuntime
import CAMOVision
import Foundation

/// A Hugging Face or timm image classifier exported to ONNX, used as its folder says: its own
/// preprocessing (`HFImageProcessor`) and labels (`HFLabelMap`), so a pipeline names the folder and
/// nothing else. Pipeline kind `hf-image-classifier`.
public struct HFImageClassifierExpert: Expert {
    /// The `options:` of an `hf-image-classifier` expert.
    public struct Options: Decodable, Sendable {
        /// The exported model's folder, relative to the pipeline file.
        public var folder: String
        /// Labels that mean generated, and real; by default recognised by name (`HFLabelMap`).
        public var fakeLabels: [String]?
        public var realLabels: [String]?
        /// `whole-image` (default) or `aligned-faces`.
        public var crop: ONNXClassifierOptions.CropSource

        enum CodingKeys: String, CodingKey {
            case folder, crop
            case fakeLabels = "fake_labels"
            case realLabels = "real_labels"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            folder = try c.decode(String.self, forKey: .folder)
            fakeLabels = try c.decodeIfPresent([String].self, forKey: .fakeLabels)
            realLabels = try c.decodeIfPresent([String].self, forKey: .realLabels)
            crop = try c.decodeIfPresent(ONNXClassifierOptions.CropSource.self, forKey: .crop) ?? .wholeImage
            guard crop == .wholeImage || crop == .alignedFaces else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.crop],
                                                        debugDescription: "expected whole-image or aligned-faces"))
            }
        }
    }

    public let name: String
    public let folder: HFModelFolder
    public let labelMap: HFLabelMap
    public let crop: ONNXClassifierOptions.CropSource
    private let session: ClassifierSession

    /// Loads the folder's model and checks that its input takes the processor's tensor and its output
    /// has one value per label.
    public init(name: String, folder: HFModelFolder, labelMap: HFLabelMap, crop: ONNXClassifierOptions.CropSource = .wholeImage) throws {
        self.name = name
        self.folder = folder
        self.labelMap = labelMap
        self.crop = crop
        guard let size = folder.processor.outputSize else {
            throw HFModelFolder.Problem(file: folder.model.path, message: "the image processor makes no fixed size")
        }
        do {
            session = try ClassifierSession(model: folder.model, size: size)
        } catch let ONNXClassifierError.shapeMismatch(_, declared, configured) {
            throw HFModelFolder.Problem(file: folder.model.path,
                                        message: "its input \(declared) does not take the \(configured) tensor the image processor makes")
        }
        if let classes = session.output.dimensions.last, case let .fixed(count) = classes, count != labelMap.labels.count {
            throw HFModelFolder.Problem(file: folder.model.path,
                                        message: "it outputs \(count) values, config.json names \(labelMap.labels.count) labels")
        }
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let crops = try await ImageRegion.regions(crop, in: context)
        guard !crops.isEmpty else { return .notApplicable("nothing to judge: no \(crop.rawValue)") }
        let rows = try await session.outputs(count: crops.count) { index, planes in
            let values = try folder.processor.pixelValues(of: crops[index].image)
            _ = planes.update(fromContentsOf: values)
        }
        guard rows.allSatisfy({ $0.count == labelMap.labels.count }) else {
            throw ONNXClassifierError.outputSize(values: rows.first?.count ?? 0, items: labelMap.labels.count)
        }
        let probabilities = rows.map(HFLabelMap.probabilities)
        let scores = probabilities.map(labelMap.pFake)
        let worst = scores.indices.max { scores[$0] < scores[$1] }!
        var evidence: [String: String] = [:]
        if let attribution = labelMap.attribution(probabilities[worst]) {
            evidence["attribution"] = "\(attribution.label) (\(String(format: "%.3f", attribution.probability)))"
        }
        let regions = zip(crops, scores).map { item, score in
            RegionScore(kind: item.kind, x1: item.box.minX, y1: item.box.minY, x2: item.box.maxX, y2: item.box.maxY, pFake: score)
        }
        let what = crops.count == 1 ? crops[0].kind : "\(crops.count) \(crops[0].kind) regions"
        return ExpertOpinion(pFake: scores[worst], reason: "judged \(what)", evidence: evidence, regions: regions)
    }
}
