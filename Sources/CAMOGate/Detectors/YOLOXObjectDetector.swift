import CAMORuntime
import CAMOVision
import Foundation

/// YOLOX (Megvii) on ONNX Runtime: BGR 0…255, letterboxed at the top-left on grey 114 with
/// `int(side · r)` sizes, as YOLOX's own `preproc` does.
public struct YOLOXObjectDetector: ObjectDetector {
    public let name = "yolox"
    public let classNames: [String]
    public var decoder: YOLOXDecoder
    private let model: DetectorModel
    private let inputSize: Size

    public init(model: URL, decoder: YOLOXDecoder = YOLOXDecoder(), classNames: [String] = COCOClasses.names,
                options: SessionOptions = SessionOptions()) throws {
        self.model = try DetectorModel(contentsOf: model, options: options)
        guard let size = self.model.fixedSize else {
            throw DetectorOutputError(decoder: "YOLOX", message: "the model's input size is not fixed")
        }
        inputSize = size
        self.decoder = decoder
        self.classNames = classNames
    }

    public func detectObjects(in image: Image) async throws -> [Detection] {
        let letterbox = try image.letterboxed(
            to: inputSize, padValue: .letterboxGrey, placement: .topLeft, method: .bilinear, rounding: .truncate)
        let output = try await model.run(letterbox.image, order: .bgr, normalization: TensorNormalization()).single(model: "YOLOX")
        let found = try decoder.decode(output.floatValues(), inputWidth: inputSize.width, inputHeight: inputSize.height)
        let back = 1 / letterbox.mapping.scale
        return found.map { $0.scaled(x: back, y: back) }
    }
}
