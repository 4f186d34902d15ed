import CAMORuntime
import CAMOVision
import Foundation

/// An image classifier's ONNX Runtime session, for the expert kinds that feed one planar RGB image per region
/// (`onnx-classifier`, `hf-image-classifier`): it finds the input and output, checks that the input takes
/// `[1, 3, height, width]`, and runs the regions in one batch when the batch axis is free, else one by one.
struct ClassifierSession: Sendable {
    let session: InferenceSession
    let input: TensorInfo
    let output: TensorInfo
    let size: Size
    private let batches: Bool

    init(model: URL, size: Size, input inputName: String? = nil, output outputName: String? = nil,
         options: SessionOptions = SessionOptions()) throws {
        let session = try InferenceSession(contentsOf: model, options: options)
        guard let input = inputName.flatMap({ wanted in session.inputs.first { $0.name == wanted } }) ?? session.inputs.first else {
            throw ONNXClassifierError.unknownTensor(model: model.lastPathComponent, name: inputName ?? "", kind: "input",
                                                    available: session.inputs.map(\.name))
        }
        guard let output = outputName.flatMap({ wanted in session.outputs.first { $0.name == wanted } }) ?? session.outputs.first else {
            throw ONNXClassifierError.unknownTensor(model: model.lastPathComponent, name: outputName ?? "", kind: "output",
                                                    available: session.outputs.map(\.name))
        }
        let shape = [1, 3, size.height, size.width]
        guard input.accepts(shape: shape) else {
            throw ONNXClassifierError.shapeMismatch(model: model.lastPathComponent, declared: "\(input)", configured: shape)
        }
        self.session = session
        self.input = input
        self.output = output
        self.size = size
        if case .symbolic = input.dimensions.first { batches = true } else { batches = false }
    }

    /// The output row of each of `count` images, `fill` writing image `index`'s planes into its slice of the batch.
    func outputs(count: Int, fill: (_ index: Int, _ planes: UnsafeMutableBufferPointer<Float>) throws -> Void) async throws -> [[Float]] {
        let perImage = 3 * size.width * size.height
        var rows: [[Float]] = []
        for group in batches ? [0..<count] : (0..<count).map({ $0..<($0 + 1) }) {
            var values = [Float](repeating: 0, count: perImage * group.count)
            try values.withUnsafeMutableBufferPointer { buffer in
                for (offset, index) in group.enumerated() {
                    try fill(index, UnsafeMutableBufferPointer(rebasing: buffer[(offset * perImage)..<((offset + 1) * perImage)]))
                }
            }
            let tensor = try Tensor(shape: [group.count, 3, size.height, size.width], scalars: values)
            guard let result = try await session.run([input.name: tensor], outputs: [output.name])[output.name] else {
                throw ONNXClassifierError.missingOutput(name: output.name)
            }
            let flat = try result.floatValues()
            guard !flat.isEmpty, flat.count % group.count == 0 else {
                throw ONNXClassifierError.outputSize(values: flat.count, items: group.count)
            }
            let width = flat.count / group.count
            rows += (0..<group.count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
        }
        return rows
    }
}
