import CAMOForensics
import CAMOTesting
import CAMOVision
import Foundation
import Testing

@Suite struct InvisibleWatermarkTests {
    static let fixtureNames = (try? WatermarkFixtures.load().fixtures.keys.sorted()) ?? []
    static let lengths = [32, 48, 136]

    static func bitString(_ bits: [Bool]) -> String { String(bits.map { $0 ? "1" : "0" }) }

    @Test(arguments: fixtureNames)
    func bitsEqualThePythonDecoder(name: String) throws {
        let expected = try #require(try WatermarkFixtures.load().fixtures[name])
        let image = try Image(decoding: Fixtures.data("forensics/watermark/\(name)"))
        let decoder = InvisibleWatermarkDecoder()
        for length in Self.lengths {
            #expect(Self.bitString(try decoder.decodeBits(image, length: length)) == expected.bits["\(length)"], "\(length) bits")
        }
    }

    /// The analyzer detects a payload exactly when the Python decoder's bits reach the threshold,
    /// and names the embedded payload when it does.
    @Test(arguments: fixtureNames)
    func detectionFollowsTheOracleBits(name: String) throws {
        let fixtures = try WatermarkFixtures.load()
        let expected = try #require(fixtures.fixtures[name])
        let report = WatermarkAnalyzer().analyze(try Image(decoding: Fixtures.data("forensics/watermark/\(name)")))
        let threshold = WatermarkAnalyzer.Options().agreementThreshold
        let oracleDetects = WatermarkPayload.stableDiffusion.contains { payload in
            let bits = expected.bits["\(payload.bits.count)"] ?? ""
            let agreement = Double(zip(bits, payload.bits).filter { ($0 == "1") == $1 }.count) / Double(payload.bits.count)
            return agreement >= threshold
        }
        #expect(report.applicable == oracleDetects)
        if report.applicable {
            #expect(report.best?.payload == WatermarkPayload.stableDiffusion.first { $0.bits.map { $0 ? "1" : "0" }.joined() == expected.embedded }?.name)
            #expect((report.best?.pValue ?? 1) < 1e-6)
        }
    }

    @Test func losslessStableDiffusionMarksAreDetected() throws {
        for (name, payload) in [("smooth-sdv1-png.png", "StableDiffusionV1"), ("smooth-sdv2-png.png", "SDV2"), ("smooth-sdxl-png.png", "SDXL")] {
            let report = WatermarkAnalyzer().analyze(try Image(decoding: Fixtures.data("forensics/watermark/\(name)")))
            #expect(report.applicable, "\(name): \(String(describing: report.best))")
            #expect(report.best?.payload == payload)
            #expect(report.pFake == WatermarkAnalyzer.Options().pFakeWhenDetected)
        }
    }

    @Test func smallImagesAreNotApplicable() throws {
        let report = WatermarkAnalyzer().analyze(Image(width: 200, height: 200, fill: (10, 20, 30)))
        #expect(!report.applicable)
        #expect(report.notes.first?.contains("256×256") == true)
        #expect(throws: WatermarkError.self) { try InvisibleWatermarkDecoder().decodeBits(Image(width: 255, height: 256), length: 32) }
    }

    @Test func payloadBitsMatchTheirSources() {
        let names = WatermarkPayload.stableDiffusion.map(\.name)
        #expect(names == ["StableDiffusionV1", "SDV2", "SDXL"])
        #expect(WatermarkPayload.stableDiffusion.map(\.bits.count) == [136, 32, 48])
        // "SDV2" = 0x53 0x44 0x56 0x32.
        #expect(Self.bitString(WatermarkPayload.stableDiffusion[1].bits) == "01010011010001000101011000110010")
    }

    /// The bits equal the Python decoder's on every dev image, and no dev image carries a detected mark.
    @Test(.enabled(if: ForensicsOracle.hasDevData))
    func devSetBitsMatchAndNothingIsDetected() throws {
        let analyzer = WatermarkAnalyzer()
        var compared = 0
        var highest: (agreement: Double, path: String) = (0, "")
        // The oracle's Pillow could not read HEIC, so the HEIC is not in it. Its AVIF came from libavif,
        // CAMO's from libheif (pixels a few levels apart, docs/images.md); the bits agree all the same.
        let decodable = try WatermarkFixtures.dev().filter { ["jpg", "jpeg", "png", "webp", "avif"].contains(($0.key as NSString).pathExtension.lowercased()) }
        for (path, expected) in decodable.sorted(by: { $0.key < $1.key }) {
            let image = try Image(decoding: Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path)))
            let report = analyzer.analyze(image)
            for match in report.matches {
                #expect(match.bits == expected["\(match.length)"], "\(path) \(match.length) bits")
                if match.agreement > highest.agreement { highest = (match.agreement, path) }
            }
            #expect(!report.applicable, "\(path): \(String(describing: report.best))")
            compared += 1
        }
        #expect(compared > 200)
        print("highest clean-image agreement: \(highest.agreement) (\(highest.path))")
    }
}
