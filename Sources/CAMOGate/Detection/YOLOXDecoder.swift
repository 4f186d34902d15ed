import CAMOVision
import Foundation

/// Decodes YOLOX's `[1, N, 5 + classes]` output (strides 8, 16, 32, row-major grids; objectness and class
/// scores already through a sigmoid), as YOLOX's `demo_postprocess` and `multiclass_nms` do.
public struct YOLOXDecoder: Sendable {
    public static let strides = [8, 16, 32]

    public var classCount: Int
    /// Detections whose `objectness × class score` is at or below this are dropped.
    public var scoreThreshold: Float
    public var nonMaximumSuppression: NonMaximumSuppression

    public init(classCount: Int = 80, scoreThreshold: Float = 0.3, nmsThreshold: Double = 0.45) {
        self.classCount = classCount
        self.scoreThreshold = scoreThreshold
        self.nonMaximumSuppression = NonMaximumSuppression(iouThreshold: nmsThreshold, classWise: true)
    }

    /// Boxes in the network input's pixel coordinates.
    public func decode(_ output: [Float], inputWidth: Int, inputHeight: Int) throws(DetectorOutputError) -> [Detection] {
        let width = 5 + classCount
        let grids = Self.strides.map { (stride: $0, cols: inputWidth / $0, rows: inputHeight / $0) }
        let anchors = grids.reduce(0) { $0 + $1.cols * $1.rows }
        guard output.count == anchors * width else {
            throw DetectorOutputError(
                decoder: "YOLOX", message: "output has \(output.count) values, expected \(anchors) × \(width) for \(inputWidth)×\(inputHeight)")
        }
        var candidates: [Detection] = []
        var anchor = 0
        for grid in grids {
            let s = Double(grid.stride)
            for row in 0..<grid.rows {
                for col in 0..<grid.cols {
                    defer { anchor += 1 }
                    let base = anchor * width
                    let objectness = output[base + 4]
                    let box = Box(
                        centreX: (Double(output[base]) + Double(col)) * s,
                        centreY: (Double(output[base + 1]) + Double(row)) * s,
                        width: exp(Double(output[base + 2])) * s,
                        height: exp(Double(output[base + 3])) * s
                    )
                    // Class-aware, as YOLOX's multiclass_nms: an anchor may yield one box per class that passes.
                    for c in 0..<classCount {
                        let score = objectness * output[base + 5 + c]
                        if score > scoreThreshold {
                            candidates.append(Detection(box: box, score: score, classIndex: c))
                        }
                    }
                }
            }
        }
        return nonMaximumSuppression.apply(to: candidates)
    }
}
