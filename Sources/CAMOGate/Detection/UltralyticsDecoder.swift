import CAMOVision
/// Decodes the Ultralytics YOLOv8/YOLO11 detection export, `[1, 4 + classes, N]`: per anchor `cx, cy, w, h`
/// in input pixels, then class scores (already sigmoid), no objectness. Lets a user drop in `yolov8x.onnx`
/// as the original system did.
public struct UltralyticsDecoder: Sendable {
    public var classCount: Int
    /// Detections whose best class score is at or below this are dropped (Ultralytics' default `conf` is 0.25).
    public var scoreThreshold: Float
    public var nonMaximumSuppression: NonMaximumSuppression

    public init(classCount: Int = 80, scoreThreshold: Float = 0.25, nmsThreshold: Double = 0.45) {
        self.classCount = classCount
        self.scoreThreshold = scoreThreshold
        self.nonMaximumSuppression = NonMaximumSuppression(iouThreshold: nmsThreshold, classWise: true)
    }

    /// Boxes in the network input's pixel coordinates.
    public func decode(_ output: [Float], anchorCount: Int) throws(DetectorOutputError) -> [Detection] {
        let rows = 4 + classCount
        guard anchorCount > 0, output.count == rows * anchorCount else {
            throw DetectorOutputError(
                decoder: "YOLOv8", message: "output has \(output.count) values, expected \(rows) × \(anchorCount)")
        }
        var candidates: [Detection] = []
        for anchor in 0..<anchorCount {
            var bestClass = 0
            var bestScore = output[4 * anchorCount + anchor]
            for c in 1..<classCount where output[(4 + c) * anchorCount + anchor] > bestScore {
                bestScore = output[(4 + c) * anchorCount + anchor]
                bestClass = c
            }
            guard bestScore > scoreThreshold else { continue }
            let box = Box(
                centreX: Double(output[anchor]), centreY: Double(output[anchorCount + anchor]),
                width: Double(output[2 * anchorCount + anchor]), height: Double(output[3 * anchorCount + anchor])
            )
            candidates.append(Detection(box: box, score: bestScore, classIndex: bestClass))
        }
        return nonMaximumSuppression.apply(to: candidates)
    }
}
