import CAMOVision
import CAMOGate
import Foundation
import Testing

@Suite struct BoxTests {
    @Test func intersectionOverUnionOfHalfOverlappingBoxes() {
        let a = Box(minX: 0, minY: 0, maxX: 10, maxY: 10)
        let b = Box(minX: 5, minY: 0, maxX: 15, maxY: 10)
        #expect(abs(a.intersectionOverUnion(with: b) - 50.0 / 150.0) < 1e-12)
        #expect(a.intersectionOverUnion(with: Box(minX: 20, minY: 20, maxX: 30, maxY: 30)) == 0)
        #expect(a.intersectionOverUnion(with: a) == 1)
    }

    @Test func centreFormMatchesCornerForm() {
        #expect(Box(centreX: 5, centreY: 10, width: 4, height: 6) == Box(minX: 3, minY: 7, maxX: 7, maxY: 13))
    }
}

@Suite struct NonMaximumSuppressionTests {
    let overlapping = [
        Detection(box: Box(minX: 0, minY: 0, maxX: 10, maxY: 10), score: 0.8, classIndex: 0),
        Detection(box: Box(minX: 1, minY: 1, maxX: 11, maxY: 11), score: 0.9, classIndex: 1),
        Detection(box: Box(minX: 50, minY: 50, maxX: 60, maxY: 60), score: 0.7, classIndex: 0),
    ]

    @Test func keepsTheBestOfOverlappingBoxesAcrossClasses() {
        let kept = NonMaximumSuppression(iouThreshold: 0.5).apply(to: overlapping)
        #expect(kept.map(\.score) == [0.9, 0.7])
    }

    @Test func classWiseSuppressionKeepsOverlapsOfDifferentClasses() {
        let kept = NonMaximumSuppression(iouThreshold: 0.5, classWise: true).apply(to: overlapping)
        #expect(kept.map(\.score) == [0.9, 0.8, 0.7])
    }

    @Test func boundsTheCandidatesBeforeSuppression() {
        let kept = NonMaximumSuppression(iouThreshold: 0.5, maxCandidates: 1).apply(to: overlapping)
        #expect(kept.map(\.score) == [0.9])
    }
}

@Suite struct DetectorDecoderTests {
    /// A YOLOv8-layout tensor `[4 + classes, anchors]` built by hand: two anchors on one object (class 2),
    /// one on another (class 0), one below the threshold.
    @Test func ultralyticsLayoutDecodesBoxesAndClasses() throws {
        let classes = 3
        let anchors: [(cx: Float, cy: Float, w: Float, h: Float, scores: [Float])] = [
            (100, 100, 40, 20, [0.1, 0.0, 0.9]),
            (101, 100, 40, 20, [0.0, 0.2, 0.8]),
            (300, 200, 10, 10, [0.6, 0.1, 0.0]),
            (500, 500, 10, 10, [0.1, 0.1, 0.1]),
        ]
        var tensor = [Float](repeating: 0, count: (4 + classes) * anchors.count)
        for (a, anchor) in anchors.enumerated() {
            let values = [anchor.cx, anchor.cy, anchor.w, anchor.h] + anchor.scores
            for (row, v) in values.enumerated() { tensor[row * anchors.count + a] = v }
        }
        let found = try UltralyticsDecoder(classCount: classes).decode(tensor, anchorCount: anchors.count)
        #expect(found.count == 2)
        #expect(found[0].classIndex == 2 && found[0].score == 0.9)
        #expect(found[0].box == Box(minX: 80, minY: 90, maxX: 120, maxY: 110))
        #expect(found[1].classIndex == 0 && found[1].box == Box(minX: 295, minY: 195, maxX: 305, maxY: 205))
    }

    @Test func ultralyticsRefusesAWrongSizedTensor() {
        #expect(throws: DetectorOutputError.self) {
            try UltralyticsDecoder().decode([Float](repeating: 0, count: 83), anchorCount: 1)
        }
    }

    /// One confident face in the stride-32 grid of a 64×64 input; every other cell is silent.
    @Test func yunetDecodesAnchorFreeCellsAndKeypoints() throws {
        var outputs: [String: [Float]] = [:]
        for stride in YuNetDecoder.strides {
            let anchors = (64 / stride) * (64 / stride)
            outputs["cls_\(stride)"] = .init(repeating: 0, count: anchors)
            outputs["obj_\(stride)"] = .init(repeating: 0, count: anchors)
            outputs["bbox_\(stride)"] = .init(repeating: 0, count: anchors * 4)
            outputs["kps_\(stride)"] = .init(repeating: 0, count: anchors * 10)
        }
        // Cell (row 1, col 0) of stride 32: anchor index 2.
        outputs["cls_32"]![2] = 0.81
        outputs["obj_32"]![2] = 1
        outputs["bbox_32"]!.replaceSubrange(8..<12, with: [0.5, 0.25, 0, Float(log(0.5))])
        outputs["kps_32"]!.replaceSubrange(20..<22, with: [0.25, 0.5])
        let faces = try YuNetDecoder().decode(outputs, inputWidth: 64, inputHeight: 64)
        #expect(faces.count == 1)
        let face = try #require(faces.first)
        #expect(abs(face.score - 0.9) < 1e-6)
        #expect(abs(face.box.minX - 0) < 1e-9 && abs(face.box.maxX - 32) < 1e-9)
        #expect(abs(face.box.minY - 32) < 1e-5 && abs(face.box.maxY - 48) < 1e-5)
        #expect(face.keypoints.count == 5)
        #expect(face.keypoints[0] == Point(x: 8, y: 48))
    }

    @Test func yunetRefusesAnInputSizeThatIsNotAMultipleOf32() {
        #expect(throws: DetectorOutputError.self) {
            try YuNetDecoder().decode([:], inputWidth: 100, inputHeight: 64)
        }
    }

    /// YOLOX on a 32×32 input has 16 + 4 + 1 anchors; the stride-16 anchor at (row 1, col 0) sees a dog.
    @Test func yoloxDecodesGridOffsetsAndClassScores() throws {
        let width = 85
        var tensor = [Float](repeating: 0, count: 21 * width)
        let anchor = 16 + 2  // after the 16 stride-8 anchors: row 1, col 0 of the 2×2 stride-16 grid
        tensor.replaceSubrange(anchor * width..<(anchor * width + 5), with: [0.5, 0.5, 0, 0, 0.9])
        tensor[anchor * width + 5 + 16] = 0.8
        let found = try YOLOXDecoder().decode(tensor, inputWidth: 32, inputHeight: 32)
        #expect(found.count == 1)
        #expect(COCOClasses.name(found[0].classIndex) == "dog")
        #expect(found[0].box == Box(minX: 0, minY: 16, maxX: 16, maxY: 32))
        #expect(abs(found[0].score - 0.72) < 1e-6)
    }
}
