import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// The content gate: on every dev-set face dlib's detector finds, our landmarks from
/// dlib's rectangle lie within 0.5 px on average of dlib's own landmarks.
@Suite(
    "ShapePredictor on the dev set",
    .enabled(if: DebianLandmarkModel.isInstalled && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path))
)
struct ShapePredictorDevSetTests {
    @Test func landmarksMatchDlibOnEveryDetectedFace() throws {
        let predictor = try DebianLandmarkModel.predictor.get()
        let images = try DlibLandmarkFixtures.devSet().images.filter { !$0.faces.isEmpty }
        var meanDistances: [Double] = []
        var largestExactError = 0.0
        var roundedMismatches = 0
        for expected in images {
            let url = Fixtures.devDataDirectory.appendingPathComponent(expected.path)
            let image = try ImageDecoder.decode(contentsOf: url).image
            // The oracle decoded with Pillow; a different decode would make any comparison moot.
            try #require(DlibLandmarkFixtures.adler32(image.pixels) == expected.rgb_adler32, "\(expected.path): pixels differ from Pillow's")
            for face in expected.faces {
                let landmarks = predictor.landmarks(in: image, face: face.rectangle)
                let distances = zip(landmarks.points, face.dlibPoints).map { $0.distance(to: $1) }
                let mean = distances.reduce(0, +) / Double(distances.count)
                meanDistances.append(mean)
                #expect(landmarks.points.count == 68)
                #expect(mean <= 0.5, "\(expected.path) face \(face.rectangle): mean distance to dlib \(mean) px")
                let exactErrors = zip(landmarks.points, face.exactPoints).map { $0.distance(to: $1) }
                largestExactError = max(largestExactError, exactErrors.max() ?? 0)
                roundedMismatches += zip(landmarks.dlibRoundedPoints, face.dlibPoints).filter { $0 != $1 }.count
            }
        }
        let overall = meanDistances.reduce(0, +) / Double(max(meanDistances.count, 1))
        print("dlib landmarks on \(meanDistances.count) dev faces in \(images.count) images: "
            + "mean distance to dlib's integer points max \(meanDistances.max() ?? 0) px, overall \(overall) px; "
            + "largest distance to dlib's unrounded points \(largestExactError) px; rounded points differing: \(roundedMismatches)")
        #expect(meanDistances.count == images.reduce(0) { $0 + $1.faces.count })
        #expect(meanDistances.count >= 100)
        // Beyond the gate: the cascade itself agrees with dlib's to the fixture's 0.001 px
        // rounding, so dlib's own rounding to whole pixels gives the very same points.
        #expect(largestExactError < 0.01)
        #expect(roundedMismatches == 0)
    }
}
