import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation

/// The expected values written by scripts/oracles/dlib_landmarks.py (dlib itself).
enum DlibLandmarkFixtures {
    struct Face: Decodable {
        /// left, top, right, bottom (inclusive), as dlib reports rectangles.
        let rect: [Int]
        let score: Double
        /// dlib's `full_object_detection` parts: integer pixels.
        let points: [[Int]]
        /// The same cascade before dlib rounds to integers, to 0.001 px.
        let exact: [[Double]]

        var rectangle: FaceRectangle { FaceRectangle(left: rect[0], top: rect[1], right: rect[2], bottom: rect[3]) }
        var dlibPoints: [Point] { points.map { .init(x: Double($0[0]), y: Double($0[1])) } }
        var exactPoints: [Point] { exact.map { .init(x: $0[0], y: $0[1]) } }
    }

    struct DevImage: Decodable {
        let path: String
        let width: Int
        let height: Int
        /// Adler-32 of the RGB bytes Pillow decoded.
        let rgb_adler32: UInt32
        let faces: [Face]
    }

    struct ModelShape: Decodable {
        let parts: Int
        let levels: Int
        let trees_per_level: Int
        let leaves_per_tree: Int
        let features_per_level: Int
    }

    struct DevSet: Decodable {
        let model_shape: ModelShape
        let images: [DevImage]
    }

    struct Synthetic: Decodable {
        let width: Int
        let height: Int
        let rgb_adler32: UInt32
        let faces: [Face]
    }

    static func devSet() throws -> DevSet {
        try JSONDecoder().decode(DevSet.self, from: Fixtures.data("landmarks/dlib_dev_landmarks.json"))
    }

    static func synthetic() throws -> Synthetic {
        try JSONDecoder().decode(Synthetic.self, from: Fixtures.data("landmarks/dlib_synthetic_landmarks.json"))
    }

    /// `synthetic_image` of the oracle script, rebuilt from the same integer formula.
    static func syntheticImage(width: Int, height: Int) throws -> Image {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                // Python's shifts bind more loosely than its products; Swift's bind tighter.
                pixels.append(UInt8(truncatingIfNeeded: x * 7 + y * 3 + ((x * y) >> 6)))
                pixels.append(UInt8(truncatingIfNeeded: (x ^ y) * 5 + 31))
                pixels.append(UInt8(truncatingIfNeeded: ((x - y) * (x + y)) >> 4))
            }
        }
        return try Image(width: width, height: height, pixels: pixels)
    }

    /// zlib's Adler-32, to tell whether our decoder produced the pixels the oracle saw.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the longest run before the sums can overflow 32 bits.
            let end = min(index + 5552, bytes.count)
            for i in index..<end {
                a &+= UInt32(bytes[i])
                b &+= a
            }
            a %= 65521
            b %= 65521
            index = end
        }
        return b << 16 | a
    }
}

/// The Debian model, loaded once for all tests that need it.
enum DebianLandmarkModel {
    static let isInstalled = FileManager.default.fileExists(atPath: ShapePredictor.defaultModelURL.path)
    static let predictor: Result<ShapePredictor, ShapePredictorError> = Result {
        () throws(ShapePredictorError) in try ShapePredictor(contentsOf: ShapePredictor.defaultModelURL)
    }
}

extension Point {
    func distance(to other: Point) -> Double {
        ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
    }
}
