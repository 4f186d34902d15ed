import CAMORuntime
import CAMOVision
import Foundation

/// FastestDet on ONNX Runtime: BGR stretched (area resampling) to the input size, `v / 255`.
public struct FastestDetObjectDetector: ObjectDetector {
    public let name = "fastestdet"
    public let classNames: [String]
    public var decoder: FastestDetDecoder
    private let model: DetectorModel
    private let inputSize: Size

    public init(model: URL, decoder: FastestDetDecoder = FastestDetDecoder(), classNames: [String] = COCOClasses.names,
                options: SessionOptions = SessionOptions()) throws {
        self.model = try DetectorModel(contentsOf: model, options: options)
        inputSize = self.model.fixedSize ?? Size(width: 352, height: 352)
        self.decoder = decoder
        self.classNames = classNames
    }

    public func detectObjects(in image: Image) async throws -> [Detection] {
        let resized = try image.resized(to: inputSize, method: .area)
        let output = try await model.run(resized, order: .bgr, normalization: TensorNormalization(scale: 1 / 255)).single(model: "FastestDet")
        guard output.shape.count == 4 else {
            throw DetectorOutputError(decoder: "FastestDet", message: "expected one [1, C, H, W] output")
        }
        return try decoder.decode(
            output.floatValues(), gridWidth: output.shape[3], gridHeight: output.shape[2],
            imageWidth: image.width, imageHeight: image.height)
    }
}
