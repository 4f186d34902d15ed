import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// The Debian 68-point model against dlib's own output (scripts/oracles/dlib_landmarks.py).
@Suite("ShapePredictor against dlib", .enabled(if: DebianLandmarkModel.isInstalled))
struct ShapePredictorDlibTests {
    @Test func readsTheModelAsDlibDoes() throws {
        let predictor = try DebianLandmarkModel.predictor.get()
        let shape = try DlibLandmarkFixtures.devSet().model_shape
        #expect(predictor.partCount == shape.parts)
        #expect(predictor.levelCount == shape.levels)
        #expect(predictor.treeCount == shape.levels * shape.trees_per_level)
    }

    /// A decoder-free check of the whole cascade: the synthetic image is rebuilt from its formula.
    @Test func matchesDlibOnTheSyntheticImage() throws {
        let predictor = try DebianLandmarkModel.predictor.get()
        let fixture = try DlibLandmarkFixtures.synthetic()
        let image = try DlibLandmarkFixtures.syntheticImage(width: fixture.width, height: fixture.height)
        try #require(DlibLandmarkFixtures.adler32(image.pixels) == fixture.rgb_adler32, "the synthetic image differs from the oracle's")
        #expect(fixture.faces.count == 5)
        for face in fixture.faces {
            let landmarks = predictor.landmarks(in: image, face: face.rectangle)
            let largestError = zip(landmarks.points, face.exactPoints).map { $0.distance(to: $1) }.max() ?? .infinity
            #expect(largestError < 0.01, "face \(face.rectangle): largest distance to dlib \(largestError) px")
            #expect(landmarks.dlibRoundedPoints == face.dlibPoints, "face \(face.rectangle)")
        }
    }

    @Test func refusesATruncatedModel() throws {
        let data = try Data(contentsOf: ShapePredictor.defaultModelURL)
        let cut = 1 << 20
        let error = try #require(throws: ShapePredictorError.self) { try ShapePredictor(serialized: data.prefix(cut)) }
        switch error {
        case let .truncated(offset, _), let .malformed(offset, _):
            #expect(offset <= cut)
        default:
            Issue.record("unexpected \(error)")
        }
    }

    /// Corrupts bytes near the start of the real file (the mean shape and the first trees) and
    /// reads a prefix: every mutant must be refused with a typed error, never crash.
    @Test func mutationsOfTheRealModelNeverCrash() throws {
        let prefix = [UInt8](try Data(contentsOf: ShapePredictor.defaultModelURL).prefix(64 * 1024))
        var random = SplitMix64(seed: 68)
        for _ in 0..<400 {
            let mutant = random.mutate(prefix, within: 16 * 1024)
            #expect(throws: ShapePredictorError.self) { try ShapePredictor(serialized: Data(mutant)) }
        }
    }
}
