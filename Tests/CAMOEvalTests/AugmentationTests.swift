import CAMOEval
import CAMOVision
import Foundation
import Testing

struct AugmentationTests {
    /// A gradient with a red square, so geometry and colour changes show.
    static let image: Image = {
        var image = Image(width: 320, height: 240)
        for y in 0..<240 {
            for x in 0..<320 {
                let i = (y * 320 + x) * 3
                image.pixels[i] = x > 100 && x < 160 && y > 60 && y < 120 ? 230 : UInt8(x * 255 / 320)
                image.pixels[i + 1] = UInt8(y * 255 / 240)
                image.pixels[i + 2] = 90
            }
        }
        return image
    }()

    /// The first luminance quantisation value of a JPEG (16 in the libjpeg base table, scaled by quality).
    static func firstQuantisationValue(_ jpeg: Data) -> UInt8? {
        let bytes = [UInt8](jpeg)
        var i = 2
        while i + 4 < bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if marker == 0xDB { return bytes[i + 5] }
            i += 2 + length
        }
        return nil
    }

    @Test(arguments: [AugmentationLevel.l0, .l1, .l2, .l3])
    func levelsAreDeterministicPerSeedAndImage(level: AugmentationLevel) throws {
        let first = try Augmenter(level: level, seed: 3).apply(to: Self.image, key: "a")
        let again = try Augmenter(level: level, seed: 3).apply(to: Self.image, key: "a")
        #expect(first.bytes == again.bytes)
        #expect(first.image.size == Size(width: 256, height: 256))
        #expect(Self.firstQuantisationValue(first.bytes) == 8) // quality 75
        if level != .l0 {
            let otherSeed = try Augmenter(level: level, seed: 4).apply(to: Self.image, key: "a")
            let otherImage = try Augmenter(level: level, seed: 3).apply(to: Self.image, key: "b")
            #expect(otherSeed.bytes != first.bytes)
            #expect(otherImage.bytes != first.bytes)
        }
    }

    @Test func chainHalvesAndRequantises() throws {
        let output = try Augmenter(level: .chain).apply(to: Self.image, key: "x")
        #expect(output.image.size == Size(width: 160, height: 120))
        #expect(Self.firstQuantisationValue(output.bytes) == 6) // quality 80
        #expect(output.steps == ["downscale ×0.5", "JPEG q55", "WebP q75", "JPEG q80"])
    }

    @Test func jpegQualityChangesQuantisation() throws {
        let q75 = try Augmenter(level: .l0).apply(to: Self.image, key: "x")
        let q30 = try Augmenter(level: .l0, options: .init(finalJPEGQuality: 30)).apply(to: Self.image, key: "x")
        #expect(Self.firstQuantisationValue(q30.bytes) == 27) // 16 × (5000/30) / 100, rounded
        #expect(Self.firstQuantisationValue(q75.bytes) != Self.firstQuantisationValue(q30.bytes))
    }

    @Test func distortionParametersFollowDeeperForensics() {
        let mild = DistortionLevel(severity: 1), harsh = DistortionLevel(severity: 5)
        #expect(mild.saturation == 0.4 && harsh.saturation == 0)
        #expect(mild.contrast == 0.85 && harsh.contrast == 0.35)
        #expect(mild.noiseVariance == 0.001 && harsh.noiseVariance == 0.05)
        #expect(mild.blurKernel == 7 && harsh.blurKernel == 21)
        #expect(mild.resamplingFactor == 2 && harsh.resamplingFactor == 6)
    }

    @Test func strongerLevelsMoveFurtherFromTheImage() throws {
        // Same seed: L1 geometry is shared, so L2 and L3 differ from L1 only by their photometric steps.
        let l1 = try Augmenter(level: .l1, seed: 9).apply(to: Self.image, key: "k").image
        let l3 = try Augmenter(level: .l3, seed: 9).apply(to: Self.image, key: "k").image
        let difference = zip(l1.pixels, l3.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / l1.pixels.count
        #expect(difference > 5)
    }

    @Test func levelNamesParse() throws {
        #expect(try AugmentationLevel(parsing: "l2") == .l2)
        #expect(try AugmentationLevel(parsing: "chain") == .chain)
        #expect(throws: EvaluationError.unknownAugmentation("L9")) { try AugmentationLevel(parsing: "L9") }
    }
}
