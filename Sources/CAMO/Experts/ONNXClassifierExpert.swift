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
    private let session: InferenceSession
    private let inputName: String
    private let outputName: String
    private let batches: Bool
    private let head: LearnedModel?

    /// `head` turns an embedding into P(fake) (`output_kind: embedding`); without one, such an expert only gives
    /// `regionOutputs` (what `camo train` needs before a head exists).
    public init(name: String, options: ONNXClassifierOptions, model: URL, head: LearnedModel? = nil,
                sessionOptions: SessionOptions = SessionOptions()) throws {
        self.name = name
        self.options = options
        self.head = head
        let session = try InferenceSession(contentsOf: model, options: sessionOptions)
        self.session = session
        guard let input = options.input.flatMap({ wanted in session.inputs.first { $0.name == wanted } }) ?? session.inputs.first else {
            throw ONNXClassifierError.unknownTensor(model: model.lastPathComponent, name: options.input ?? "", kind: "input",
                                                    available: session.inputs.map(\.name))
        }
        guard let output = options.output.flatMap({ wanted in session.outputs.first { $0.name == wanted } }) ?? session.outputs.first else {
            throw ONNXClassifierError.unknownTensor(model: model.lastPathComponent, name: options.output ?? "", kind: "output",
                                                    available: session.outputs.map(\.name))
        }
        let shape = [1, 3, options.inputSize[1], options.inputSize[0]]
        guard input.accepts(shape: shape) else {
            throw ONNXClassifierError.shapeMismatch(model: model.lastPathComponent, declared: "\(input)", configured: shape)
        }
        inputName = input.name
        outputName = output.name
        if case .symbolic = input.dimensions.first { batches = true } else { batches = false }
    }

    /// The model's raw output for each region the expert judges, in region order: what `camo train` learns from
    /// when the model is a frozen backbone.
    public func regionOutputs(for context: ImageContext) async throws -> [RegionOutput] {
        let regions = try await self.regions(in: context)
        guard !regions.isEmpty else { return [] }
        let normalization = try TensorNormalization(scale: options.scale, mean: options.mean, std: options.std)
        let perImage = 3 * options.inputSize[0] * options.inputSize[1]
        var outputs: [RegionOutput] = []
        let groups = batches ? [regions[...]] : regions.map { [$0][...] }
        for group in groups {
            var values = [Float](repeating: 0, count: perImage * group.count)
            for (offset, region) in group.enumerated() {
                let resized = try region.image.resized(to: options.size, method: options.resize)
                try values.withUnsafeMutableBufferPointer { buffer in
                    let slice = UnsafeMutableBufferPointer(rebasing: buffer[(offset * perImage)..<((offset + 1) * perImage)])
                    try resized.writeFloats(into: slice, order: options.channelOrder, normalization: normalization, planar: true)
                    PreFilters.apply(options.preFilter, to: slice, width: options.inputSize[0], height: options.inputSize[1])
                }
            }
            let tensor = try Tensor(shape: [group.count, 3, options.inputSize[1], options.inputSize[0]], scalars: values)
            let results = try await session.run([inputName: tensor], outputs: [outputName])
            guard let output = results[outputName] else {
                throw ONNXClassifierError.missingOutput(name: outputName)
            }
            let flat = try output.floatValues()
            guard !flat.isEmpty, flat.count % group.count == 0 else {
                throw ONNXClassifierError.outputSize(values: flat.count, items: group.count)
            }
            let width = flat.count / group.count
            for (offset, region) in group.enumerated() {
                outputs.append(RegionOutput(kind: region.kind, box: region.box,
                                            values: Array(flat[(offset * width)..<((offset + 1) * width)])))
            }
        }
        return outputs
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

    private struct Region {
        var kind: String
        var box: Box
        var image: Image
    }

    private func regions(in context: ImageContext) async throws -> [Region] {
        let image = context.image
        let whole = Box(minX: 0, minY: 0, maxX: Double(image.width), maxY: Double(image.height))
        switch options.crop {
        case .wholeImage:
            return [Region(kind: "image", box: whole, image: image)]
        case .alignedFaces:
            let gate = try await context.gateDecision()
            return zip(gate.faces, gate.alignedFaces).map { face, aligned in
                Region(kind: "face", box: face.box, image: aligned.image)
            }
        case .objectBoxes:
            let gate = try await context.gateDecision()
            return try gate.objects
                .filter { options.objectClasses?.contains($0.className) ?? true }
                .compactMap { object in
                    let box = object.box.clamped(width: Double(image.width), height: Double(image.height))
                    let rect = Rect(x: Int(box.minX), y: Int(box.minY), width: Int(box.width.rounded(.up)),
                                    height: Int(box.height.rounded(.up)))
                    guard rect.width >= 2, rect.height >= 2 else { return nil }
                    return Region(kind: "object:\(object.className)", box: box, image: try image.cropped(to: rect, clipping: true))
                }
        case .tiles:
            let side = options.tileSize ?? options.inputSize[0]
            guard image.width >= side, image.height >= side else {
                return [Region(kind: "tile", box: whole, image: image)]
            }
            var tiles: [Region] = []
            let columns = image.width / side
            let rows = image.height / side
            // Centre tiles first, so a cap keeps the middle of the picture.
            let middle = (row: Double(rows - 1) / 2, column: Double(columns - 1) / 2)
            func distance(_ cell: (row: Int, column: Int)) -> Double {
                abs(Double(cell.row) - middle.row) + abs(Double(cell.column) - middle.column)
            }
            let cells: [(row: Int, column: Int)] = (0..<(rows * columns))
                .map { (row: $0 / columns, column: $0 % columns) }
                .sorted { distance($0) < distance($1) }
            for (row, column) in cells.prefix(options.maximumTiles) {
                let rect = Rect(x: column * side, y: row * side, width: side, height: side)
                let box = Box(minX: Double(rect.x), minY: Double(rect.y), maxX: Double(rect.maxX), maxY: Double(rect.maxY))
                tiles.append(Region(kind: "tile", box: box, image: try image.cropped(to: rect)))
            }
            return tiles
        }
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
