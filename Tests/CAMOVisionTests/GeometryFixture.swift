import CAMOTesting
import CAMOVision
import Foundation

/// One expected output written by `scripts/oracles/geometry_opencv.py`: the operation, and the
/// oracle's values on a grid of sampled rows and columns.
struct GeometryFixture: Decodable, Sendable, CustomStringConvertible {
    let name: String
    let file: String
    let dtype: String
    let width: Int
    let height: Int
    let channels: Int
    let rows: [Int]
    let cols: [Int]
    let kind: String
    let source: [Int]
    let method: String?
    let matrix: [Double]?
    let border: String?
    let borderColour: [UInt8]?
    let angle: Double?
    let expand: Bool?
    let turn: String?
    let axis: String?
    let conversion: String?
    let placement: String?
    let rounding: String?
    let scale: Double?
    let offset: [Double]?
    let order: String?
    let mean: [Float]?
    let std: [Float]?

    var description: String { name }

    static let all: [GeometryFixture] = {
        struct Manifest: Decodable { let cases: [GeometryFixture] }
        guard let data = try? Fixtures.data("geometry/manifest.json"),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return [] }
        return manifest.cases
    }()

    static func of(kind: String) -> [GeometryFixture] { all.filter { $0.kind == kind } }

    func sourceImage() throws -> Image {
        try Image.testPattern(width: source[0], height: source[1])
    }

    func expectedBytes() throws -> [UInt8] {
        [UInt8](try Fixtures.data("geometry/\(file)"))
    }

    func expectedFloats() throws -> [Float] {
        let data = try Fixtures.data("geometry/\(file)")
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Compares an interleaved output (`channels` values per pixel) at the sampled grid.
    func compare(_ actual: [UInt8], width actualWidth: Int, height actualHeight: Int) throws -> Comparison {
        let expected = try expectedBytes()
        guard actualWidth == width, actualHeight == height, actual.count == width * height * channels else {
            return Comparison(sizeMatches: false, maximumDifference: .infinity, exactShare: 0, samples: 0)
        }
        var maximum = 0, exact = 0, index = 0
        for y in rows {
            for x in cols {
                for c in 0..<channels {
                    let difference = abs(Int(actual[(y * width + x) * channels + c]) - Int(expected[index]))
                    maximum = max(maximum, difference)
                    if difference == 0 { exact += 1 }
                    index += 1
                }
            }
        }
        return Comparison(sizeMatches: true, maximumDifference: Double(maximum), exactShare: Double(exact) / Double(index), samples: index)
    }

    func compare(_ actual: PlanarImage) throws -> Comparison {
        let expected = try expectedFloats()
        guard actual.width == width, actual.height == height, actual.channels == channels else {
            return Comparison(sizeMatches: false, maximumDifference: .infinity, exactShare: 0, samples: 0)
        }
        var maximum: Float = 0, exact = 0, index = 0
        for y in rows {
            for x in cols {
                for c in 0..<channels {
                    let difference = abs(actual[x, y, c] - expected[index])
                    maximum = max(maximum, difference)
                    if difference == 0 { exact += 1 }
                    index += 1
                }
            }
        }
        return Comparison(sizeMatches: true, maximumDifference: Double(maximum), exactShare: Double(exact) / Double(index), samples: index)
    }
}

struct Comparison: CustomStringConvertible {
    let sizeMatches: Bool
    let maximumDifference: Double
    let exactShare: Double
    let samples: Int

    var description: String {
        sizeMatches
            ? "max abs difference \(maximumDifference), \(String(format: "%.2f", exactShare * 100))% of \(samples) sampled values exact"
            : "output size differs from the oracle's"
    }
}
