import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// A two-point model with one tree of one split: it compares the grey levels under its two
/// points and moves point 0 right by a tenth of the box when the first is brighter by more than
/// `threshold`, else moves point 1 left by a tenth.
private func twoPointModel(threshold: Float = 10) -> DlibModelWriter.Level {
    DlibModelWriter.Level(
        trees: [.init(splits: [(0, 1, threshold)], leaves: [[0.1, 0, 0, 0], [0, 0, -0.1, 0]])],
        anchors: [0, 1],
        deltas: [(0, 0), (0, 0)]
    )
}

private let twoPointShape: [Float] = [0.25, 0.25, 0.75, 0.75]

private func twoPointPredictor(threshold: Float = 10) throws -> ShapePredictor {
    try ShapePredictor(serialized: Data(DlibModelWriter.model(initialShape: twoPointShape, levels: [twoPointModel(threshold: threshold)])))
}

/// 101×101, black except the given pixels.
private func image(with pixels: [(x: Int, y: Int, rgb: (UInt8, UInt8, UInt8))]) -> Image {
    var image = Image(width: 101, height: 101)
    for pixel in pixels {
        image[pixel.x, pixel.y] = (pixel.rgb.0, pixel.rgb.1, pixel.rgb.2)
    }
    return image
}

private let wholeImage = FaceRectangle(left: 0, top: 0, right: 100, bottom: 100)

/// Leaves are `Float`, so 0.25 + 0.1 lands a few millionths of the box away from 0.35.
private func nearlyEqual(_ a: [Point], _ b: [Point]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.distance(to: $1) < 1e-4 }
}

@Suite("ShapePredictor on small serialized models")
struct ShapePredictorModelTests {
    @Test func walksTheTreeOnIntensityDifferences() throws {
        let predictor = try twoPointPredictor()
        #expect(predictor.partCount == 2)
        #expect(predictor.levelCount == 1)
        #expect(predictor.treeCount == 1)

        // The unit square maps onto pixels 0…100, so the points sit on pixels (25, 25) and (75, 75).
        let brightFirst = predictor.landmarks(in: image(with: [(25, 25, (200, 200, 200))]), face: wholeImage)
        #expect(nearlyEqual(brightFirst.points, [.init(x: 35, y: 25), .init(x: 75, y: 75)]))
        #expect(brightFirst.face == wholeImage)

        let brightSecond = predictor.landmarks(in: image(with: [(75, 75, (200, 200, 200))]), face: wholeImage)
        #expect(nearlyEqual(brightSecond.points, [.init(x: 25, y: 25), .init(x: 65, y: 75)]))
    }

    @Test func greyLevelIsTheFlooredChannelMean() throws {
        // (10 + 10 + 12) / 3 is 10 in dlib's integer arithmetic, 10.67 in real numbers.
        let pixel: [(x: Int, y: Int, rgb: (UInt8, UInt8, UInt8))] = [(25, 25, (10, 10, 12))]
        let below = try twoPointPredictor(threshold: 9.9).landmarks(in: image(with: pixel), face: wholeImage)
        let above = try twoPointPredictor(threshold: 10.2).landmarks(in: image(with: pixel), face: wholeImage)
        #expect(abs(below.points[0].x - 35) < 1e-4)
        #expect(above.points[0].x == 25)
    }

    @Test func pixelsOutsideTheImageReadAsBlack() throws {
        // With this box point 1 lands outside the image; point 0 lands on a grey-5 pixel.
        let face = FaceRectangle(left: 40, top: 40, right: 160, bottom: 160)
        let grey = image(with: [(70, 70, (5, 5, 5)), (100, 100, (255, 255, 255))])
        let landmarks = try twoPointPredictor(threshold: 4).landmarks(in: grey, face: face)
        #expect(nearlyEqual(landmarks.points, [.init(x: 82, y: 70), .init(x: 130, y: 130)]))
    }

    @Test func roundsPointsAsDlibDoes() {
        let landmarks = FaceLandmarks(face: wholeImage, points: [.init(x: 2.5, y: -2.5), .init(x: 3.49, y: 7.51)])
        #expect(landmarks.dlibRoundedPoints == [.init(x: 3, y: -2), .init(x: 3, y: 8)])
    }

    @Test func reportsAMissingModelWithTheInstallHint() {
        let url = URL(fileURLWithPath: "/nonexistent/shape_predictor_68_face_landmarks.dat")
        #expect(throws: ShapePredictorError.modelNotFound(path: url.path)) { try ShapePredictor(contentsOf: url) }
        #expect(ShapePredictorError.modelNotFound(path: url.path).description.contains("apt-get install libdlib-data"))
    }

    @Test func refusesAnotherVersion() {
        var bytes = DlibModelWriter.model(initialShape: twoPointShape, levels: [twoPointModel()])
        bytes[1] = 2
        #expect(throws: ShapePredictorError.malformed(offset: 0, reason: "shape_predictor version 2, expected 1")) {
            try ShapePredictor(serialized: Data(bytes))
        }
    }

    @Test func refusesAbsurdCountsBeforeAllocating() throws {
        var writer = DlibModelWriter()
        writer.signed(1)
        writer.column(twoPointShape)
        let countOffset = writer.bytes.count
        writer.unsigned(1 << 60)
        let error = try #require(throws: ShapePredictorError.self) { try ShapePredictor(serialized: Data(writer.bytes)) }
        guard case let .malformed(offset, reason) = error else {
            Issue.record("expected a malformed-count error, got \(error)")
            return
        }
        #expect(offset == countOffset)
        #expect(reason.contains("number of cascade levels"))
    }

    @Test func refusesInconsistentTrees() throws {
        var level = twoPointModel()
        level.trees[0].leaves.append([0, 0, 0, 0])
        #expect(throws: ShapePredictorError.self) {
            try ShapePredictor(serialized: Data(DlibModelWriter.model(initialShape: twoPointShape, levels: [level])))
        }
        var wrongIndex = twoPointModel()
        wrongIndex.trees[0].splits[0].second = 2
        let error = try #require(throws: ShapePredictorError.self) {
            try ShapePredictor(serialized: Data(DlibModelWriter.model(initialShape: twoPointShape, levels: [wrongIndex])))
        }
        #expect(error.description.contains("split pixel index 2"))
        var wrongAnchor = twoPointModel()
        wrongAnchor.anchors[1] = 2
        #expect(throws: ShapePredictorError.self) {
            try ShapePredictor(serialized: Data(DlibModelWriter.model(initialShape: twoPointShape, levels: [wrongAnchor])))
        }
    }

    @Test func everyTruncationFailsAtOrBeforeTheCut() throws {
        let bytes = DlibModelWriter.model(initialShape: twoPointShape, levels: [twoPointModel(), twoPointModel()])
        _ = try ShapePredictor(serialized: Data(bytes))
        for length in 0..<bytes.count {
            let error = try #require(throws: ShapePredictorError.self) { try ShapePredictor(serialized: Data(bytes[..<length])) }
            switch error {
            case let .truncated(offset, _), let .malformed(offset, _):
                #expect(offset <= length, "cut at \(length): \(error)")
            default:
                Issue.record("cut at \(length): unexpected \(error)")
            }
        }
    }

    @Test func mutatedModelsNeverCrash() throws {
        let original = DlibModelWriter.model(initialShape: twoPointShape, levels: [twoPointModel(), twoPointModel(threshold: -3)])
        let probe = image(with: [(25, 25, (200, 100, 50)), (60, 30, (9, 9, 9))])
        var random = SplitMix64(seed: 0x5EED_1A4D)
        var accepted = 0
        for _ in 0..<3000 {
            let mutant = random.mutate(original)
            guard let predictor = try? ShapePredictor(serialized: Data(mutant)) else { continue }
            accepted += 1
            for face in [wholeImage, FaceRectangle(left: -30, top: 50, right: 300, bottom: 60)] {
                #expect(predictor.landmarks(in: probe, face: face).points.count == predictor.partCount)
            }
        }
        // Some mutants only change values (thresholds, leaves), which must still load.
        #expect(accepted > 0)
    }
}

/// A small deterministic generator (Steele, Lea & Flood's SplitMix64), so mutation tests repeat exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// One to four random byte edits: overwrite, bit flip, insert or delete, within the first `limit` bytes.
    mutating func mutate(_ bytes: [UInt8], within limit: Int? = nil) -> [UInt8] {
        var result = bytes
        for _ in 0...below(4) {
            let position = below(min(limit ?? result.count, result.count))
            switch below(4) {
            case 0: result[position] = UInt8(truncatingIfNeeded: next())
            case 1: result[position] ^= 1 << UInt8(below(8))
            case 2: result.insert(UInt8(truncatingIfNeeded: next()), at: position)
            default: result.remove(at: position)
            }
        }
        return result
    }
}
