import CAMORuntime
import CAMOVision
import Foundation

/// A detector's ONNX session with its input's name and (when fixed) size, and the one way images enter it:
/// an image already at the input size becomes a `[1, 3, H, W]` float tensor.
struct DetectorModel: Sendable {
    let session: InferenceSession
    let inputName: String
    /// The model's fixed `[H, W]`, or nil when either is symbolic.
    let fixedSize: Size?

    init(contentsOf url: URL, options: SessionOptions) throws {
        session = try InferenceSession(contentsOf: url, options: options)
        guard let input = session.inputs.first else {
            throw DetectorOutputError(decoder: url.lastPathComponent, message: "the model has no input")
        }
        inputName = input.name
        if input.dimensions.count == 4, case let .fixed(height) = input.dimensions[2], case let .fixed(width) = input.dimensions[3] {
            fixedSize = Size(width: width, height: height)
        } else {
            fixedSize = nil
        }
    }

    func run(_ image: Image, order: ChannelOrder, normalization: TensorNormalization) async throws -> [String: Tensor] {
        let tensor = try Tensor(shape: [1, 3, image.height, image.width], scalars: image.planarFloats(order: order, normalization: normalization))
        return try await session.run([inputName: tensor])
    }
}

extension [String: Tensor] {
    /// The named output's values, or an error naming the decoder.
    func floats(_ name: String, model: String) throws -> [Float] {
        guard let tensor = self[name] else {
            throw DetectorOutputError(decoder: model, message: "the model produced no output '\(name)'")
        }
        return tensor.floatValues()
    }

    /// The only output, as detectors with one output have.
    func single(model: String) throws -> Tensor {
        guard let tensor = values.first, count == 1 else {
            throw DetectorOutputError(decoder: model, message: "expected one output, got \(count)")
        }
        return tensor
    }
}
