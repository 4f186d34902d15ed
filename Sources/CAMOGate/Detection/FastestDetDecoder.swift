import CAMOVision
import Foundation

/// Decodes FastestDet's `[1, 5 + classes, H, W]` grid (one prediction per cell: objectness, four box terms,
/// class probabilities), as its reference `onnx-runtime` example does.
public struct FastestDetDecoder: Sendable {
    public var classCount: Int
    /// Detections whose `objectness^0.6 × best class^0.4` is at or below this are dropped.
    public var scoreThreshold: Float
    public var nonMaximumSuppression: NonMaximumSuppression

    public init(classCount: Int = 80, scoreThreshold: Float = 0.65, nmsThreshold: Double = 0.45) {
        self.classCount = classCount
        self.scoreThreshold = scoreThreshold
        self.nonMaximumSuppression = NonMaximumSuppression(iouThreshold: nmsThreshold)
    }

    /// Boxes in the pixel coordinates of an `imageWidth` × `imageHeight` image (the input was a plain stretch).
    public func decode(
        _ output: [Float], gridWidth: Int, gridHeight: Int, imageWidth: Int, imageHeight: Int
    ) throws(DetectorOutputError) -> [Detection] {
        let channels = 5 + classCount
        let cells = gridWidth * gridHeight
        guard gridWidth > 0, gridHeight > 0, output.count == channels * cells else {
            throw DetectorOutputError(
                decoder: "FastestDet", message: "output has \(output.count) values, expected \(channels) × \(gridHeight) × \(gridWidth)")
        }
        func value(_ channel: Int, _ cell: Int) -> Double { Double(output[channel * cells + cell]) }
        var candidates: [Detection] = []
        for row in 0..<gridHeight {
            for col in 0..<gridWidth {
                let cell = row * gridWidth + col
                var bestClass = 0
                for c in 1..<classCount where value(5 + c, cell) > value(5 + bestClass, cell) { bestClass = c }
                let score = pow(value(0, cell), 0.6) * pow(value(5 + bestClass, cell), 0.4)
                guard score > Double(scoreThreshold) else { continue }
                let cx = (Double(col) + tanh(value(1, cell))) / Double(gridWidth)
                let cy = (Double(row) + tanh(value(2, cell))) / Double(gridHeight)
                let bw = 1 / (1 + exp(-value(3, cell)))
                let bh = 1 / (1 + exp(-value(4, cell)))
                let box = Box(centreX: cx, centreY: cy, width: bw, height: bh)
                    .scaled(x: Double(imageWidth), y: Double(imageHeight))
                candidates.append(Detection(box: box, score: Float(score), classIndex: bestClass))
            }
        }
        return nonMaximumSuppression.apply(to: candidates)
    }
}
