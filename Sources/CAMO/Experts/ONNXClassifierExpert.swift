import CAMOGate
import CAMOLearn
import CAMORuntime
import CAMOVision
import Foundation

/// A pixel classifier on ONNX Runtime, configured entirely by `ONNXClassifierOptions`: which crops it
/// judges, how they become a tensor, and how the output becomes P(fake).
public struct ONNXClassifierExpert: Expert {
    public var readsGateObjects: Bool { options.crop == .objectBoxes }

    public let name: String
    public let options: ONNXClassifierOptions
    private let session: ClassifierSession
    private let head: LearnedModel?

    /// `head` turns an embedding into P(fake) (`output_kind: embedding`); without one, such an expert only gives
    /// `regionOutputs` (what `camo train` needs before a head exists).
    public init(name: String, options: ONNXClassifierOptions, model: URL, head: LearnedModel? = nil,
                sessionOptions: SessionOptions = SessionOptions()) throws {
        self.name = name
        self.options = options
        self.head = head
        session = try ClassifierSession(model: model, size: options.size, input: options.input, output: options.output,
                                        options: sessionOptions)
    }

    /// The model's raw output for each region the expert judges, in region order: what `camo train` learns from
    /// when the model is a frozen backbone.
    public func regionOutputs(for context: ImageContext) async throws -> [RegionOutput] {
        let regions = try await ImageRegion.regions(
            options.crop, in: context, objectClasses: options.objectClasses, tileSize: options.tileSize ?? options.inputSize[0],
            maximumTiles: options.maximumTiles)
        guard !regions.isEmpty else { return [] }
        let normalization = try TensorNormalization(scale: options.scale, mean: options.mean, std: options.std)
        let rows = try await session.outputs(count: regions.count) { index, planes in
            let resized = try regions[index].image.resized(to: options.size, method: options.resize)
            try resized.writeFloats(into: planes, order: options.channelOrder, normalization: normalization, planar: true)
            PreFilters.apply(options.preFilter, to: planes, width: options.inputSize[0], height: options.inputSize[1])
        }
        return zip(regions, rows).map { RegionOutput(kind: $0.kind, box: $0.box, values: $1) }
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let outputs = try await regionOutputs(for: context)
        guard !outputs.isEmpty else {
            return .notApplicable("nothing to judge: \(options.crop.rawValue) found no region")
        }
        let scores = try outputs.map { try probability($0.values) }
        let regionScores = zip(outputs, scores).map { region, score in
            RegionScore(kind: region.kind, x1: region.box.minX, y1: region.box.minY, x2: region.box.maxX, y2: region.box.maxY,
                        pFake: score)
        }
        let pFake = options.regions == .max ? scores.max()! : scores.reduce(0, +) / Double(scores.count)
        let what = outputs.count == 1 ? outputs[0].kind : "\(outputs.count) \(outputs[0].kind) regions"
        return ExpertOpinion(pFake: pFake, reason: "judged \(what)", regions: regionScores)
    }

    /// P(fake) for one region from the model's raw output.
    private func probability(_ row: [Float]) throws -> Double {
        guard let first = row.first else { throw ONNXClassifierError.outputSize(values: 0, items: 1) }
        let p: Double
        switch options.outputKind {
        case .probability: p = Double(first)
        case .logit: p = ClassScores.sigmoid(first)
        case let .softmax(k):
            guard k < row.count else { throw ONNXClassifierError.outputSize(values: row.count, items: k + 1) }
            p = ClassScores.softmax(row)[k]
        case .embedding:
            guard let head else { throw ONNXClassifierError.missingHead }
            guard head.featureNames.count == row.count else {
                throw ONNXClassifierError.headSize(expected: head.featureNames.count, found: row.count)
            }
            p = head.probability(of: row[...])
        }
        let clamped = p.isFinite ? min(max(p, 0), 1) : 0.5
        return options.polarity == .fake ? clamped : 1 - clamped
    }

    /// One judged region and the model's output values for it.
    public struct RegionOutput: Sendable {
        /// `image`, `face`, `object:<class>` or `tile`.
        public var kind: String
        public var box: Box
        public var values: [Float]
    }
}

/// Why an ONNX classifier could not be built or run.
public enum ONNXClassifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownTensor(model: String, name: String, kind: String, available: [String])
    case shapeMismatch(model: String, declared: String, configured: [Int])
    case missingOutput(name: String)
    case outputSize(values: Int, items: Int)
    case missingHead
    case headSize(expected: Int, found: Int)

    public var description: String {
        switch self {
        case let .unknownTensor(model, name, kind, available):
            return "\(model) has no \(kind) '\(name)'; it has: \(available.joined(separator: ", "))"
        case let .shapeMismatch(model, declared, configured):
            return "\(model) declares input \(declared), which does not fit the configured input_size (tensor \(configured))"
        case let .missingOutput(name):
            return "the model produced no output '\(name)'"
        case let .outputSize(values, items):
            return "the model's output has \(values) values, which do not divide into \(items) items"
        case .missingHead:
            return "output_kind: embedding needs a head: train one with `camo train probe` and name it in `head:`"
        case let .headSize(expected, found):
            return "the head expects \(expected) features but the model's embedding has \(found)"
        }
    }
}
