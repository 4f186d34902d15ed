import CAMORuntime
import CAMOVision
import Foundation

/// An Ultralytics YOLOv8/YOLO11 detection export (`yolov8x.onnx` as the original system used): RGB `v / 255`,
/// letterboxed centred on grey 114, output `[1, 4 + classes, N]`.
public struct UltralyticsObjectDetector: ObjectDetector {
    public let name = "yolov8"
    public let classNames: [String]
    public var decoder: UltralyticsDecoder
    private let model: DetectorModel
    private let inputSize: Size

    public init(model: URL, decoder: UltralyticsDecoder = UltralyticsDecoder(), classNames: [String] = COCOClasses.names,
                options: SessionOptions = SessionOptions()) throws {
        self.model = try DetectorModel(contentsOf: model, options: options)
        inputSize = self.model.fixedSize ?? Size(width: 640, height: 640)
        self.decoder = decoder
        self.classNames = classNames
    }

    public func detectObjects(in image: Image) async throws -> [Detection] {
        let letterbox = try image.letterboxed(to: inputSize, padValue: .letterboxGrey, placement: .centre, method: .bilinear)
        let output = try await model.run(letterbox.image, order: .rgb, normalization: TensorNormalization(scale: 1 / 255))
            .single(model: "YOLOv8")
        guard output.shape.count == 3 else {
            throw DetectorOutputError(decoder: "YOLOv8", message: "expected one [1, 4 + classes, N] output")
        }
        let found = try decoder.decode(output.floatValues(), anchorCount: output.shape[2])
        let mapping = letterbox.mapping
        return found.map { detection in
            var mapped = detection
            mapped.box = mapping.sourceBox(fromLetterbox: detection.box)
            return mapped
        }
    }
}
