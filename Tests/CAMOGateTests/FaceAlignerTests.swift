import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Expected values from scripts/oracles/face_alignment.py: DeepfakeBench's alignment
/// (scikit-image's Umeyama fit, cv2.warpAffine, cv2.fillConvexPoly) on dlib's landmarks.
private struct AlignmentFixture: Decodable {
    struct Synthetic: Decodable {
        let rect: [Int]
        let size: Int
        let matrix: [Double]
        let crop_hex: String
        let mask_hex: String
    }

    struct DevFace: Decodable {
        let path: String
        let rect: [Int]
        let matrix: [Double]
        let block_means: [Double]
        let mask_pixels: Int
    }

    let destination_256: [[Double]]
    let synthetic: Synthetic
    let dev: [DevFace]

    static func load() throws -> AlignmentFixture {
        try JSONDecoder().decode(AlignmentFixture.self, from: Fixtures.data("alignment/deepfakebench_alignment.json"))
    }
}

private func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return result
}

/// dlib's landmarks for a face as `FaceLandmarks` (integer points, as the alignment uses them).
private func landmarks(_ points: [[Int]], rect: [Int]) -> FaceLandmarks {
    FaceLandmarks(
        face: FaceRectangle(left: rect[0], top: rect[1], right: rect[2], bottom: rect[3]),
        points: points.map { Point(x: Double($0[0]), y: Double($0[1])) }
    )
}

private func expectMatrix(_ transform: CAMOVision.AffineTransform, _ expected: [Double], _ label: String) {
    // scikit-image fits in float32 here, so translations agree to about 1e-4 px.
    let difference = zip(transform.rowMajor, expected).map { abs($0 - $1) }.max() ?? .infinity
    #expect(difference < 1e-3, "\(label): matrix \(transform) vs \(expected)")
}

@Suite("FaceAligner against DeepfakeBench's alignment")
struct FaceAlignerTests {
    @Test func destinationPointsMatchTheTemplateArithmetic() throws {
        let expected = try AlignmentFixture.load().destination_256
        let aligner = try FaceAligner()
        #expect(aligner.destinationPoints.count == expected.count)
        // DeepfakeBench adds the 8 px shift in float32 after rounding the template, we before:
        // a float32 rounding step apart at most.
        for (point, reference) in zip(aligner.destinationPoints, expected) {
            #expect(abs(point.x - reference[0]) < 1e-4 && abs(point.y - reference[1]) < 1e-4, "\(point) vs \(reference)")
        }
    }

    @Test func alignsTheSyntheticImageWithinTwoGreyLevels() throws {
        let fixture = try AlignmentFixture.load().synthetic
        let dlib = try DlibLandmarkFixtures.synthetic()
        let face = try #require(dlib.faces.first { $0.rect == fixture.rect })
        let image = try DlibLandmarkFixtures.syntheticImage(width: dlib.width, height: dlib.height)
        let aligned = try FaceAligner(options: FaceAlignmentOptions(outputSize: fixture.size))
            .align(image, landmarks: landmarks(face.points, rect: face.rect))
        expectMatrix(aligned.transform, fixture.matrix, "synthetic")

        let expectedCrop = bytes(hex: fixture.crop_hex)
        #expect(aligned.image.pixels.count == expectedCrop.count)
        let largest = zip(aligned.image.pixels, expectedCrop).map { abs(Int($0) - Int($1)) }.max() ?? 255
        #expect(largest <= 2, "largest difference to cv2.warpAffine: \(largest)")

        // cv2.fillConvexPoly rounds the hull to whole pixels first, so edges may differ by a pixel.
        let expectedMask = bytes(hex: fixture.mask_hex)
        let inside = expectedMask.filter { $0 != 0 }.count
        let differing = zip(aligned.mask.pixels, expectedMask).filter { $0 != $1 }.count
        #expect(inside > 100)
        #expect(Double(differing) <= 0.08 * Double(inside), "\(differing) of \(inside) mask pixels differ")
        #expect(aligned.landmarks.count == 68)
        print("aligned synthetic crop: largest difference to cv2.warpAffine \(largest) grey levels; "
            + "\(differing) of \(inside) mask pixels differ from cv2.fillConvexPoly")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)))
    func alignsDevFacesLikeDeepfakeBench() throws {
        let fixture = try AlignmentFixture.load()
        let dlib = try DlibLandmarkFixtures.devSet()
        let aligner = try FaceAligner()
        #expect(fixture.dev.count >= 20)
        var largestBlockDifference = 0.0
        for expected in fixture.dev {
            let entry = try #require(dlib.images.first { $0.path == expected.path })
            let face = try #require(entry.faces.first { $0.rect == expected.rect })
            let image = try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(expected.path)).image
            let aligned = try aligner.align(image, landmarks: landmarks(face.points, rect: face.rect))
            expectMatrix(aligned.transform, expected.matrix, expected.path)
            #expect(aligned.image.width == 256 && aligned.image.height == 256)
            // Block means of crops whose pixels are within 2 grey levels are within 2 too.
            var blockMeans = [Double](repeating: 0, count: 8 * 8 * 3)
            for y in 0..<256 {
                for x in 0..<256 {
                    let pixel = aligned.image[x, y]
                    let block = ((y / 32) * 8 + x / 32) * 3
                    blockMeans[block] += Double(pixel.r) / 1024
                    blockMeans[block + 1] += Double(pixel.g) / 1024
                    blockMeans[block + 2] += Double(pixel.b) / 1024
                }
            }
            let largest = zip(blockMeans, expected.block_means).map { abs($0 - $1) }.max() ?? .infinity
            #expect(largest <= 2, "\(expected.path): block means differ by up to \(largest)")
            largestBlockDifference = max(largestBlockDifference, largest)
            let maskPixels = aligned.mask.pixels.filter { $0 != 0 }.count
            #expect(abs(maskPixels - expected.mask_pixels) <= expected.mask_pixels / 20, "\(expected.path): mask \(maskPixels) vs \(expected.mask_pixels) pixels")
        }
        print("aligned \(fixture.dev.count) dev faces: largest 32×32 block-mean difference to DeepfakeBench's crop \(largestBlockDifference)")
    }

    @Test func refusesBadOptionsAndMissingLandmarks() throws {
        #expect(throws: FaceAlignmentError.self) { try FaceAligner(options: FaceAlignmentOptions(outputSize: 0)) }
        #expect(throws: FaceAlignmentError.self) { try FaceAligner(options: FaceAlignmentOptions(margin: .nan)) }
        #expect(throws: FaceAlignmentError.self) { try FaceAligner(options: FaceAlignmentOptions(landmarkIndices: [1, 2])) }
        let aligner = try FaceAligner()
        let fivePoints = FaceLandmarks(face: FaceRectangle(left: 0, top: 0, right: 9, bottom: 9), points: Array(repeating: .init(x: 1, y: 1), count: 5))
        #expect(throws: FaceAlignmentError.missingLandmark(index: 37, count: 5)) { try aligner.transform(for: fivePoints) }
        let collapsed = FaceLandmarks(face: fivePoints.face, points: Array(repeating: .init(x: 3, y: 4), count: 68))
        #expect(throws: FaceAlignmentError.degenerateLandmarks) { try aligner.transform(for: collapsed) }
    }
}
