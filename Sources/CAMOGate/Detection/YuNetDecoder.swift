import CAMOVision
import Foundation

/// Decodes YuNet's twelve outputs (`cls_s`, `obj_s`, `bbox_s`, `kps_s` for strides 8, 16, 32) into faces,
/// as OpenCV's `FaceDetectorYN` does: anchor-free, one anchor per cell, row-major.
public struct YuNetDecoder: Sendable {
    public static let strides = [8, 16, 32]

    /// Faces scoring below this are dropped (OpenCV's sample uses 0.9; 0.6 finds small and profile faces).
    public var scoreThreshold: Float
    public var nonMaximumSuppression: NonMaximumSuppression

    public init(scoreThreshold: Float = 0.6, nmsThreshold: Double = 0.3, maxCandidates: Int = 5000) {
        self.scoreThreshold = scoreThreshold
        self.nonMaximumSuppression = NonMaximumSuppression(iouThreshold: nmsThreshold, maxCandidates: maxCandidates)
    }

    /// Faces in the network input's pixel coordinates. `inputWidth` and `inputHeight` must be multiples of 32.
    public func decode(_ outputs: [String: [Float]], inputWidth: Int, inputHeight: Int) throws(DetectorOutputError) -> [Detection] {
        guard inputWidth > 0, inputHeight > 0, inputWidth % 32 == 0, inputHeight % 32 == 0 else {
            throw DetectorOutputError(decoder: "YuNet", message: "input \(inputWidth)×\(inputHeight) is not a multiple of 32")
        }
        var candidates: [Detection] = []
        for stride in Self.strides {
            let cols = inputWidth / stride
            let rows = inputHeight / stride
            let anchors = rows * cols
            let cls = try DetectorOutputError.require(outputs, "cls_\(stride)", count: anchors, decoder: "YuNet")
            let obj = try DetectorOutputError.require(outputs, "obj_\(stride)", count: anchors, decoder: "YuNet")
            let bbox = try DetectorOutputError.require(outputs, "bbox_\(stride)", count: anchors * 4, decoder: "YuNet")
            let kps = try DetectorOutputError.require(outputs, "kps_\(stride)", count: anchors * 10, decoder: "YuNet")
            let s = Double(stride)
            for index in 0..<anchors {
                let score = (min(max(cls[index], 0), 1) * min(max(obj[index], 0), 1)).squareRoot()
                guard score >= scoreThreshold else { continue }
                let row = Double(index / cols)
                let col = Double(index % cols)
                let b = index * 4
                let box = Box(
                    centreX: (col + Double(bbox[b])) * s,
                    centreY: (row + Double(bbox[b + 1])) * s,
                    width: exp(Double(bbox[b + 2])) * s,
                    height: exp(Double(bbox[b + 3])) * s
                )
                let k = index * 10
                let points = (0..<5).map { p in
                    Point(x: (Double(kps[k + 2 * p]) + col) * s, y: (Double(kps[k + 2 * p + 1]) + row) * s)
                }
                candidates.append(Detection(box: box, score: score, keypoints: points))
            }
        }
        return nonMaximumSuppression.apply(to: candidates)
    }
}
