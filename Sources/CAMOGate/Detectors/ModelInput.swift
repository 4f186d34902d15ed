import CAMORuntime
import CAMOVision

/// Builds the `[1, 3, H, W]` float tensor a detector expects from an image already at the input size.
enum ModelInput {
    static func nchw(_ image: Image, order: ChannelOrder, normalization: TensorNormalization) throws -> Tensor {
        try Tensor(shape: [1, 3, image.height, image.width], scalars: image.planarFloats(order: order, normalization: normalization))
    }

    /// The fixed `[H, W]` of a model's first input, or nil when either is symbolic.
    static func fixedSize(of session: InferenceSession) -> Size? {
        guard let input = session.inputs.first, input.dimensions.count == 4,
              case let .fixed(height) = input.dimensions[2], case let .fixed(width) = input.dimensions[3]
        else { return nil }
        return Size(width: width, height: height)
    }

    static func floats(_ outputs: [String: Tensor], _ name: String, model: String) throws -> [Float] {
        guard let tensor = outputs[name] else {
            throw DetectorOutputError(decoder: model, message: "the model produced no output '\(name)'")
        }
        return tensor.floatValues()
    }
}
