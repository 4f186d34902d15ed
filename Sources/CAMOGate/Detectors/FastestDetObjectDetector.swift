import CAMORuntime
import CAMOVision
import Foundation

/// FastestDet on ONNX Runtime: BGR stretched (area resampling) to the input size, `v / 255`.
public struct FastestDetObjectDetector: ObjectDetector {
    public let name = "fastestdet"
    public let classNames: [String]
    public var decoder: FastestDetDecoder
    private let session: InferenceSession
    private let inputName: String
    private let inputSize: Size

    public init(model: URL, decoder: FastestDetDecoder = FastestDetDecoder(), classNames: [String] = COCOClasses.names,
                options: SessionOptions = SessionOptions()) throws {
        session = try InferenceSession(contentsOf: model, options: options)
        inputName = session.inputs.first?.name ?? "input.1"
        inputSize = ModelInput.fixedSize(of: session) ?? Size(width: 352, height: 352)
        self.decoder = decoder
        self.classNames = classNames
    }

    public func detectObjects(in image: Image) async throws -> [Detection] {
        let resized = try image.resized(to: inputSize, method: .area)
        let outputs = try await session.run(
            [inputName: try ModelInput.nchw(resized, order: .bgr, normalization: TensorNormalization(scale: 1 / 255))])
        guard let output = outputs.values.first, output.shape.count == 4 else {
            throw DetectorOutputError(decoder: "FastestDet", message: "expected one [1, C, H, W] output")
        }
        return try decoder.decode(
            output.floatValues(), gridWidth: output.shape[3], gridHeight: output.shape[2],
            imageWidth: image.width, imageHeight: image.height)
    }
}
