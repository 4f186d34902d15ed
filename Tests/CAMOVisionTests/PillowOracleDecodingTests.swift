import CAMORuntime
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Decoded pixels must equal Pillow's `exif_transpose(open(p)).convert("RGB")` bit for bit
/// (expected values from `scripts/oracles/decode_pillow.py`).
@Suite struct PillowOracleDecodingTests {
    static let devSetPresent = FileManager.default.fileExists(
        atPath: Fixtures.devDataDirectory.appendingPathComponent("manifest.csv").path)

    @Test func syntheticFixturesMatchPillow() throws {
        let oracle = try PillowOracle.load("pillow_synthetic_checksums.json")
        #expect(oracle.images.count >= 50)
        for (name, expected) in oracle.images.sorted(by: { $0.key < $1.key }) where name != "webp_animated.webp" {
            let data = try Fixtures.data("decode/synthetic/\(name)")
            try compare(name, data: data, expected: expected)
        }
    }

    /// Pillow decodes the first frame; this decoder refuses animations instead (see docs/images.md).
    @Test func animatedWebPIsRefusedByName() throws {
        let data = try Fixtures.data("decode/synthetic/webp_animated.webp")
        #expect(throws: ImageDecodingError.unsupportedFeature(format: .webp, detail: "animated WebP: only still images are decoded")) {
            try ImageDecoder.decode(data)
        }
        #expect(try ImageDecoder.info(data).isAnimated)
    }

    @Test func tinyFixturesMatchPillowPixelForPixel() throws {
        let oracle = try PillowOracle.load("pillow_synthetic_checksums.json")
        let tiny = oracle.images.filter { $0.value.pixels != nil }
        #expect(tiny.count >= 10)
        for (name, expected) in tiny {
            let image = try ImageDecoder.decode(Fixtures.data("decode/synthetic/\(name)")).image
            #expect(image.pixels == expected.pixels, "\(name)")
        }
    }

    @Test(.enabled(if: devSetPresent, "needs ../shared/data/dev"))
    func devSetMatchesPillow() throws {
        let oracle = try PillowOracle.load("pillow_dev_checksums.json")
        #expect(oracle.images.count == 239)
        var decoded = 0
        for (path, expected) in oracle.images.sorted(by: { $0.key < $1.key }) {
            let data = try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path))
            // HEIC and AVIF go through libheif, not Pillow's decoders: HEIFDecodingTests compares them
            // with pillow-heif and libavif within the measured tolerance.
            if let format = ImageFormat.detect(data), format == .heic || format == .avif { continue }
            try compare(path, data: data, expected: expected)
            if expected.sha256 != nil, ["JPEG", "PNG", "WEBP"].contains(expected.format) { decoded += 1 }
        }
        #expect(decoded >= 230)
    }

    private func compare(_ name: String, data: Data, expected: PillowOracle.Expectation) throws {
        guard let format = expected.format, let sha256 = expected.sha256 else {
            // Pillow could not read it: neither may we.
            #expect(throws: ImageDecodingError.self, "\(name): Pillow failed with \(expected.error ?? "?")") {
                try ImageDecoder.decode(data)
            }
            return
        }
        guard ["JPEG", "PNG", "WEBP"].contains(format) else {
            #expect(throws: ImageDecodingError.unsupportedFormat(format), "\(name)") { try ImageDecoder.decode(data) }
            return
        }
        let result: DecodedImage
        do {
            result = try ImageDecoder.decode(data)
        } catch {
            Issue.record("\(name): Pillow decodes it, we fail with: \(error)")
            return
        }
        #expect(result.info.format.rawValue.uppercased() == format, "\(name)")
        #expect(result.image.width == expected.width && result.image.height == expected.height,
                "\(name): \(result.image.width)×\(result.image.height), Pillow \(expected.width ?? 0)×\(expected.height ?? 0)")
        #expect(SHA256.hexDigest(result.image.pixels) == sha256, "\(name): pixels differ from Pillow's")
        let info = result.info
        #expect(info.orientation == expected.orientation, "\(name): orientation")
        #expect(info.hasICCProfile == expected.hasICC && info.hasEXIF == expected.hasEXIF && info.hasXMP == expected.hasXMP,
                "\(name): metadata flags ICC \(info.hasICCProfile) EXIF \(info.hasEXIF) XMP \(info.hasXMP)")
        #expect(try ImageDecoder.info(data) == info, "\(name): info() and decode() disagree")
    }
}
