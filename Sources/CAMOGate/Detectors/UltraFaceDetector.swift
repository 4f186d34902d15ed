import CAMORuntime
import CAMOVision
import Foundation

/// UltraFace (RFB-320) on ONNX Runtime: RGB stretched to the input size, `(v − 127) / 128`.
public struct UltraFaceDetector: FaceDetector {
    public let name = "ultraface"
    public var decoder: UltraFaceDecoder
    private let session: InferenceSession
    private let inputName: String
    private let inputSize: Size

    public init(model: URL, decoder: UltraFaceDecoder = UltraFaceDecoder(), options: SessionOptions = SessionOptions()) throws {
        session = try InferenceSession(contentsOf: model, options: options)
        inputName = session.inputs.first?.name ?? "input"
        inputSize = ModelInput.fixedSize(of: session) ?? Size(width: 320, height: 240)
        self.decoder = decoder
    }

    public func detectFaces(in image: Image) async throws -> [Detection] {
        let resized = try image.resized(to: inputSize, method: .bilinear)
        let normalization = try TensorNormalization(scale: 1, mean: [127, 127, 127], std: [128, 128, 128])
        let outputs = try await session.run([inputName: try ModelInput.nchw(resized, order: .rgb, normalization: normalization)])
        return try decoder.decode(
            scores: ModelInput.floats(outputs, "scores", model: "UltraFace"),
            boxes: ModelInput.floats(outputs, "boxes", model: "UltraFace"),
            imageWidth: image.width, imageHeight: image.height)
    }
}
