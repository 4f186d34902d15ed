import CAMOVision
/// Decodes UltraFace (RFB-320): `scores` `[1, N, 2]` (softmax, index 1 = face) and `boxes` `[1, N, 4]`
/// (corners already decoded, normalised to 0…1 of the input). Priors and variances are inside the graph.
public struct UltraFaceDecoder: Sendable {
    /// Faces scoring at or below this are dropped (the reference uses 0.7).
    public var scoreThreshold: Float
    public var nonMaximumSuppression: NonMaximumSuppression

    public init(scoreThreshold: Float = 0.7, nmsThreshold: Double = 0.3) {
        self.scoreThreshold = scoreThreshold
        self.nonMaximumSuppression = NonMaximumSuppression(iouThreshold: nmsThreshold)
    }

    /// Faces in the pixel coordinates of an `imageWidth` × `imageHeight` image (the input was a plain stretch).
    public func decode(scores: [Float], boxes: [Float], imageWidth: Int, imageHeight: Int) throws(DetectorOutputError) -> [Detection] {
        guard scores.count % 2 == 0, boxes.count == scores.count * 2 else {
            throw DetectorOutputError(
                decoder: "UltraFace", message: "scores (\(scores.count) values) and boxes (\(boxes.count)) do not describe the same priors")
        }
        let w = Double(imageWidth)
        let h = Double(imageHeight)
        var candidates: [Detection] = []
        for prior in 0..<(scores.count / 2) where scores[prior * 2 + 1] > scoreThreshold {
            let b = prior * 4
            let corners = (0..<4).map { Double(boxes[b + $0]) }
            let box = Box(minX: corners[0], minY: corners[1], maxX: corners[2], maxY: corners[3])
                .scaled(x: w, y: h)
                .clamped(width: w, height: h)
            candidates.append(Detection(box: box, score: scores[prior * 2 + 1]))
        }
        return nonMaximumSuppression.apply(to: candidates)
    }
}
