import CAMORuntime
import CAMOVision
import Foundation

/// UltraFace (RFB-320) on ONNX Runtime: RGB stretched to the input size, `(v − 127) / 128`.
public struct UltraFaceDetector: FaceDetector {
    public let name = "ultraface"
    public var decoder: UltraFaceDecoder
    private let model: DetectorModel
    private let inputSize: Size

    public init(model: URL, decoder: UltraFaceDecoder = UltraFaceDecoder(), options: SessionOptions = SessionOptions()) throws {
        self.model = try DetectorModel(contentsOf: model, options: options)
        inputSize = self.model.fixedSize ?? Size(width: 320, height: 240)
        self.decoder = decoder
    }

    public func detectFaces(in image: Image) async throws -> [Detection] {
        let resized = try image.resized(to: inputSize, method: .bilinear)
        let normalization = try TensorNormalization(scale: 1, mean: [127, 127, 127], std: [128, 128, 128])
        let outputs = try await model.run(resized, order: .rgb, normalization: normalization)
        return try decoder.decode(
            scores: outputs.floats("scores", model: "UltraFace"),
            boxes: outputs.floats("boxes", model: "UltraFace"),
            imageWidth: image.width, imageHeight: image.height)
    }
}
