import CAMOEval
import CAMOTesting
import CAMOVision
import Foundation
import Testing

struct PreparationTransformTests {
    static func pattern(width: Int = 48, height: Int = 40) throws -> Image {
        var random = CAMOTesting.SeededGenerator(seed: 7)
        return try Image(width: width, height: height, pixels: (0..<width * height * 3).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    @Test func everyListedNameParsesToItsOwnSubset() throws {
        let parsed = try PreparationTransform.names.map { try PreparationTransform(parsing: $0) }
        #expect(parsed.map(\.description) == PreparationTransform.names)
        #expect(Set(parsed).count == PreparationTransform.names.count)
        #expect(PreparationTransform.names.count == 16)
        #expect(try PreparationTransform(parsing: "l2") == .level(.l2))
        #expect(try PreparationTransform(parsing: "Color") == .single(.colour))
        #expect(try PreparationTransform(parsing: "flip") == .single(.flips))
    }

    @Test func unknownAndRepeatedNamesAreRefusedByName() {
        #expect(throws: PreparationError.unknownTransform("sharpen", known: PreparationTransform.names)) {
            try PreparationTransform.list(parsing: "none,sharpen")
        }
        #expect(throws: PreparationError.repeatedTransform("jpeg")) { try PreparationTransform.list(parsing: "jpeg,none,JPEG") }
        #expect(throws: PreparationError.self) { try PreparationTransform.list(parsing: ",") }
    }

    @Test func sameKeyGivesSameBytesAndKeysDiffer() throws {
        let image = try Self.pattern()
        for name in PreparationTransform.names {
            let transform = try PreparationTransform(parsing: name)
            let first = try transform.apply(to: image, seed: 3, key: "abc:f0")
            let again = try transform.apply(to: image, seed: 3, key: "abc:f0")
            #expect(first.image == again.image, "\(name)")
            #expect(first.steps == again.steps, "\(name)")
        }
        // Random transforms draw from the key's own stream: over a few keys the drawn values differ.
        for name in ["crop", "rotation", "jpeg", "noise", "L1"] {
            let transform = try PreparationTransform(parsing: name)
            let steps = try (0..<6).map { try transform.apply(to: image, seed: 3, key: "key\($0)").steps }
            #expect(Set(steps.map { $0.joined() }).count > 1, "\(name)")
        }
    }

    @Test func singleTransformsKeepTheSizeAndDoWhatTheirNameSays() throws {
        let image = try Self.pattern()
        for transform in SingleTransform.allCases {
            var random = CAMOEval.SeededGenerator(seed: 1, key: "k")
            let result = try transform.apply(to: image, random: &random)
            #expect(result.image.size == image.size, "\(transform)")
        }
        var random = CAMOEval.SeededGenerator(seed: 1, key: "k")
        #expect(try SingleTransform.hflip.apply(to: image, random: &random).image == image.flippedHorizontally())
        // The JPEG round trip is the codec's own at the drawn quality.
        var draw = CAMOEval.SeededGenerator(seed: 1, key: "k")
        let jpeg = try SingleTransform.jpeg.apply(to: image, random: &draw)
        let step = try #require(jpeg.steps.first)
        let quality = try #require(Int(step.dropFirst("JPEG q".count)))
        #expect((30...90).contains(quality))
        let roundTrip = try ImageDecoder.decode(try ImageEncoder.jpeg(image, options: JPEGEncodingOptions(quality: quality))).image
        #expect(jpeg.image == roundTrip)
        // Rotation is the geometry layer's rotation by the drawn angle (the angle is printed to 0.1°; redraw it exactly).
        var angleDraw = CAMOEval.SeededGenerator(seed: 1, key: "k")
        let degrees = angleDraw.uniform(-20, 20)
        var rotationDraw = CAMOEval.SeededGenerator(seed: 1, key: "k")
        #expect(try SingleTransform.rotation.apply(to: image, random: &rotationDraw).image == image.rotated(byDegrees: degrees))
    }

    @Test func levelsAndNoneMatchTheAugmenter() throws {
        let image = try Self.pattern(width: 64, height: 64)
        #expect(try PreparationTransform.level(.none).apply(to: image, seed: 5, key: "x").image == image)
        for level in [AugmentationLevel.l1, .l3, .chain] {
            let direct = try Augmenter(level: level, seed: 5, options: .init(outputSide: 64)).apply(to: image, key: "x")
            let prepared = try PreparationTransform.level(level).apply(to: image, seed: 5, key: "x")
            #expect(prepared.image == direct.image)
            #expect(prepared.steps == direct.steps)
        }
    }
}
