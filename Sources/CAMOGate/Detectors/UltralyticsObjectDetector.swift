import CAMORuntime
import CAMOVision
import Foundation

/// An Ultralytics YOLOv8/YOLO11 detection export (`yolov8x.onnx` as the original system used): RGB `v / 255`,
/// letterboxed centred on grey 114, output `[1, 4 + classes, N]`.
public struct UltralyticsObjectDetector: ObjectDetector {
    public let name = "yolov8"
    public let classNames: [String]
    public var decoder: UltralyticsDecoder
    private let session: InferenceSession
    private let inputName: String
    private let inputSize: Size

    public init(model: URL, decoder: UltralyticsDecoder = UltralyticsDecoder(), classNames: [String] = COCOClasses.names,
                options: SessionOptions = SessionOptions()) throws {
        session = try InferenceSession(contentsOf: model, options: options)
        inputName = session.inputs.first?.name ?? "images"
        inputSize = ModelInput.fixedSize(of: session) ?? Size(width: 640, height: 640)
        self.decoder = decoder
        self.classNames = classNames
    }

    public func detectObjects(in image: Image) async throws -> [Detection] {
        let letterbox = try image.letterboxed(to: inputSize, padValue: .letterboxGrey, placement: .centre, method: .bilinear)
        let outputs = try await session.run(
            [inputName: try ModelInput.nchw(letterbox.image, order: .rgb, normalization: TensorNormalization(scale: 1 / 255))])
        guard let output = outputs.values.first, output.shape.count == 3 else {
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
