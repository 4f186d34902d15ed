import CAMORuntime
import CAMOVision
import Foundation

/// YuNet (OpenCV Zoo) on ONNX Runtime.
///
/// Resize policy: a model with a fixed input (2023mar, 640×640) gets the image letterboxed at the top-left
/// (`r = min(640/w, 640/h)`, zero padding), as MODELS.md's reference does; a dynamic model (2026may) gets the
/// image scaled so its longer side is at most `maximumSide`, then padded right and below to multiples of 32,
/// as OpenCV's `FaceDetectorYN` pads. Boxes and keypoints are mapped back to the original pixels.
public struct YuNetFaceDetector: FaceDetector {
    public let name = "yunet"
    public var decoder: YuNetDecoder
    /// For dynamic-size models: longer side of the network input.
    public var maximumSide: Int
    private let model: DetectorModel

    public init(model: URL, decoder: YuNetDecoder = YuNetDecoder(), maximumSide: Int = 640,
                options: SessionOptions = SessionOptions()) throws {
        self.model = try DetectorModel(contentsOf: model, options: options)
        self.decoder = decoder
        self.maximumSide = maximumSide
    }

    public func detectFaces(in image: Image) async throws -> [Detection] {
        let letterbox: Letterbox
        if let fixedSize = model.fixedSize {
            letterbox = try image.letterboxed(to: fixedSize, padValue: .black, placement: .topLeft, method: .bilinear)
        } else {
            let ratio = min(1, Double(maximumSide) / Double(max(image.width, image.height)))
            let scaled = Size(width: max(1, Int((Double(image.width) * ratio).rounded())),
                              height: max(1, Int((Double(image.height) * ratio).rounded())))
            let canvas = Size(width: (scaled.width + 31) / 32 * 32, height: (scaled.height + 31) / 32 * 32)
            letterbox = try image.letterboxed(to: canvas, padValue: .black, placement: .topLeft, method: .bilinear)
        }
        let outputs = try await model.run(letterbox.image, order: .bgr, normalization: TensorNormalization())
        var named: [String: [Float]] = [:]
        for (key, tensor) in outputs { named[key] = tensor.floatValues() }
        let faces = try decoder.decode(named, inputWidth: letterbox.image.width, inputHeight: letterbox.image.height)
        let back = 1 / letterbox.mapping.scale
        return faces.map { $0.scaled(x: back, y: back) }
    }
}
