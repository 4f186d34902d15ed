import CAMOForensics
import CAMOTesting
import CAMOVision
import Foundation
import Testing

@Suite struct ForensicFeatureTests {
    static let oracle = try? ForensicFeatureOracle.load()
    static let fixtureImages = (oracle?.images ?? []).compactMap(\.file)
    static let devImages = (oracle?.images ?? []).compactMap(\.dev)
    static let faceCrops = (oracle?.faces ?? []).map(\.crop)
    static let devDataPresent = FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)

    static func expectAgreement(_ features: NamedFeatures, _ expected: [String: Double], _ input: String) {
        #expect(Set(expected.keys) == Set(features.names), "\(input): feature names differ from the oracle's")
        for (name, value) in zip(features.names, features.values) {
            guard let wanted = expected[name] else { continue }
            #expect(ForensicFeatureOracle.agrees(value, wanted), "\(input) \(name): \(value) vs oracle \(wanted)")
        }
    }

    @Test(arguments: fixtureImages)
    func imageFeaturesEqualTheNumpyOracleOnSyntheticImages(file: String) throws {
        let expected = try #require(Self.oracle?.images.first { $0.file == file })
        let image = try Image(decoding: Fixtures.data(file))
        Self.expectAgreement(try ForensicFeatureExtractor().imageFeatures(of: image), expected.features, file)
    }

    @Test(.enabled(if: devDataPresent), arguments: devImages)
    func imageFeaturesEqualTheNumpyOracleOnDevImages(path: String) throws {
        let expected = try #require(Self.oracle?.images.first { $0.dev == path })
        let image = try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path)).image
        Self.expectAgreement(try ForensicFeatureExtractor().imageFeatures(of: image), expected.features, path)
    }

    @Test(arguments: faceCrops)
    func faceFeaturesEqualTheNumpyOracle(crop: String) throws {
        let expected = try #require(Self.oracle?.faces.first { $0.crop == crop })
        let face = try Image(decoding: Fixtures.data(crop))
        // The mask is a greyscale PNG; the decoder expands it to RGB, so any channel is the mask.
        let maskImage = try Image(decoding: Fixtures.data(expected.mask))
        let mask = stride(from: 0, to: maskImage.pixels.count, by: 3).map { maskImage.pixels[$0] }
        Self.expectAgreement(try ForensicFeatureExtractor().faceFeatures(of: face, mask: mask), expected.features, crop)
    }

    @Test func namesAreUniqueAndMatchTheDocumentedCounts() {
        let image = ForensicFeatureExtractor.imageFeatureNames, face = ForensicFeatureExtractor.faceFeatureNames
        #expect(image.count == 74)
        #expect(face.count == 27)
        #expect(Set(image).count == image.count)
        #expect(Set(face).count == face.count)
    }

    @Test func degenerateImagesGiveFiniteValuesOfTheFullLength() throws {
        let extractor = ForensicFeatureExtractor()
        let images = [
            Image(width: 1, height: 1, fill: (10, 200, 30)), Image(width: 1, height: 4000, fill: (0, 0, 0)),
            Image(width: 4000, height: 1, fill: (255, 255, 255)), Image(width: 300, height: 300, fill: (128, 128, 128)),
            Image(width: 2, height: 9, fill: (1, 2, 3)),
        ]
        for image in images {
            let features = try extractor.imageFeatures(of: image)
            #expect(features.values.count == ForensicFeatureExtractor.imageFeatureNames.count)
            #expect(features.values.allSatisfy { $0.isFinite }, "\(image.width)×\(image.height)")
        }
        // A flat image has no residual at all: every residual statistic is exactly 0, and every block is smooth.
        let flat = try extractor.imageFeatures(of: Image(width: 300, height: 300, fill: (128, 128, 128)))
        for name in flat.names where name.hasPrefix("npr_") || name.hasPrefix("kv_") || name.hasPrefix("srm_o") && !name.contains("hist") {
            #expect(flat[name] == 0, "\(name)")
        }
        #expect(flat["block_smooth_share"] == 1)
        #expect(flat["srm_o2_hist_0"] == 1)
    }

    @Test func randomImagesOfRandomSizesAlwaysGiveFiniteValues() throws {
        var generator = SeededGenerator(seed: 12)
        let extractor = ForensicFeatureExtractor(options: ForensicFeatureOptions(analysisSide: 48, tileGrid: 2))
        for _ in 0..<40 {
            let width = 1 + generator.below(140), height = 1 + generator.below(140)
            // Mix flat, noisy and extreme content so guards against zero variance are exercised.
            let style = generator.below(3)
            let pixels = (0..<(width * height * 3)).map { _ in
                style == 0 ? UInt8(generator.below(256)) : style == 1 ? UInt8(generator.below(2) * 255) : 100
            }
            let image = try Image(width: width, height: height, pixels: pixels)
            let features = try extractor.imageFeatures(of: image)
            #expect(features.values.count == ForensicFeatureExtractor.imageFeatureNames.count)
            #expect(features.values.allSatisfy { $0.isFinite }, "\(width)×\(height) style \(style)")
            let mask = (0..<(width * height)).map { _ in UInt8(generator.below(2) * 255) }
            let face = try extractor.faceFeatures(of: image, mask: mask)
            #expect(face.values.count == ForensicFeatureExtractor.faceFeatureNames.count)
            #expect(face.values.allSatisfy { $0.isFinite }, "face \(width)×\(height) style \(style)")
        }
    }

    @Test func nearestNeighbourUpsamplingShowsInNPR() throws {
        var generator = SeededGenerator(seed: 3)
        let small = (0..<(64 * 64 * 3)).map { _ in UInt8(generator.below(256)) }
        var upsampled = [UInt8](repeating: 0, count: 128 * 128 * 3)
        for y in 0..<128 { for x in 0..<128 { for c in 0..<3 { upsampled[(y * 128 + x) * 3 + c] = small[((y / 2) * 64 + x / 2) * 3 + c] } } }
        let natural = try Image(width: 128, height: 128, pixels: (0..<(128 * 128 * 3)).map { _ in UInt8(generator.below(256)) })
        let extractor = ForensicFeatureExtractor()
        let up = try extractor.imageFeatures(of: Image(width: 128, height: 128, pixels: upsampled))
        let noise = try extractor.imageFeatures(of: natural)
        // Nearest 2× up-sampling copies each pixel into a 2×2 block, which is exactly what NPR subtracts.
        #expect(up["npr_g_abs_mean"] == 0)
        #expect(try #require(noise["npr_g_abs_mean"]) > 50)
    }

    @Test func aPeriodTwoColumnPatternRaisesTheHalfFrequencyPeak() throws {
        var generator = SeededGenerator(seed: 4)
        let side = 128
        var plain = [UInt8](repeating: 0, count: side * side * 3), striped = plain
        for i in 0..<(side * side) {
            for c in 0..<3 {
                let value = generator.below(200)
                plain[i * 3 + c] = UInt8(value)
                striped[i * 3 + c] = UInt8(value + (i % side % 2 == 0 ? 40 : 0))
            }
        }
        let extractor = ForensicFeatureExtractor()
        let withStripes = try extractor.imageFeatures(of: Image(width: side, height: side, pixels: striped))
        let without = try extractor.imageFeatures(of: Image(width: side, height: side, pixels: plain))
        #expect(try #require(withStripes["spec_peak_axis_2"]) > (try #require(without["spec_peak_axis_2"])) + 1)
        // The stripes are vertical: nothing periodic along the diagonal at N/4.
        #expect(abs(try #require(withStripes["spec_peak_diag_4"]) - (try #require(without["spec_peak_diag_4"]))) < 0.5)
    }

    @Test func maskOfTheWrongSizeAndInvalidOptionsThrowTypedErrors() throws {
        let image = Image(width: 4, height: 3, fill: (9, 9, 9))
        #expect(throws: ForensicFeatureError.maskSizeMismatch(expected: 12, actual: 11)) {
            try ForensicFeatureExtractor().faceFeatures(of: image, mask: [UInt8](repeating: 255, count: 11))
        }
        #expect(throws: ForensicFeatureError.self) {
            try ForensicFeatureExtractor(options: ForensicFeatureOptions(analysisSide: 0)).imageFeatures(of: image)
        }
        #expect(throws: ForensicFeatureError.self) {
            try ForensicFeatureExtractor(options: ForensicFeatureOptions(tileGrid: -1)).imageFeatures(of: image)
        }
        #expect(ForensicFeatureError.maskSizeMismatch(expected: 12, actual: 11).description.contains("11 bytes"))
    }

    @Test func namedFeaturesLookUpByNameAndAppendWithAPrefix() {
        var features = NamedFeatures(names: ["a", "b"], values: [1, 2])
        features.append(NamedFeatures(names: ["a"], values: [3]), prefix: "face_")
        #expect(features.names == ["a", "b", "face_a"])
        #expect(features["b"] == 2)
        #expect(features["face_a"] == 3)
        #expect(features["missing"] == nil)
    }
}
