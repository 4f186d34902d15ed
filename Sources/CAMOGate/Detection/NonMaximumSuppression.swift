import CAMOVision
/// Greedy non-maximum suppression, as OpenCV's `NMSBoxes` and the detectors' reference decoders do it.
public struct NonMaximumSuppression: Sendable {
    /// Boxes overlapping a kept box by more than this are dropped.
    public var iouThreshold: Double
    /// Suppress only among boxes of the same class (YOLOX, YOLOv8) rather than across all.
    public var classWise: Bool
    /// Keep at most this many candidates, highest scores first, before suppression (bounds the O(n²) work).
    public var maxCandidates: Int

    public init(iouThreshold: Double, classWise: Bool = false, maxCandidates: Int = 5000) {
        self.iouThreshold = iouThreshold
        self.classWise = classWise
        self.maxCandidates = maxCandidates
    }

    /// The surviving detections, highest score first. Ties keep their input order.
    public func apply(to detections: [Detection]) -> [Detection] {
        let ordered = detections.enumerated()
            .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .prefix(maxCandidates)
            .map(\.element)
        var kept: [Detection] = []
        for candidate in ordered {
            let overlaps = kept.contains { keptOne in
                (!classWise || keptOne.classIndex == candidate.classIndex)
                    && keptOne.box.intersectionOverUnion(with: candidate.box) > iouThreshold
            }
            if !overlaps { kept.append(candidate) }
        }
        return kept
    }
}
