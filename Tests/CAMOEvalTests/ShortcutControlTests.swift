import CAMOEval
import CAMOVision
import Foundation
import Testing

/// Training copies hide the format and the size; `reencode` makes every evaluation image alike.
struct ShortcutControlTests {
    @Test func trainingCopiesAreDeterministicPerImageAndCopy() throws {
        let control = ShortcutControl(seed: 3)
        let first = try control.trainingCopy(of: AugmentationTests.image, key: "img", copy: 0)
        let again = try control.trainingCopy(of: AugmentationTests.image, key: "img", copy: 0)
        let second = try control.trainingCopy(of: AugmentationTests.image, key: "img", copy: 1)
        #expect(first.bytes == again.bytes && first.steps == again.steps)
        #expect(first.bytes != second.bytes)
    }

    @Test func neitherFormatNorSizeSurvivesTrainingCopies() throws {
        let control = ShortcutControl()
        // A 512² square, the size and format the dev set's fakes share.
        let square = try AugmentationTests.image.resized(to: Size(width: 512, height: 512), method: .bilinear)
        var formats: [ImageFormat: Int] = [:]
        var sizes = Set<String>()
        var qualities = Set<String>()
        for copy in 0..<40 {
            let output = try control.trainingCopy(of: square, key: "square", copy: copy)
            formats[ImageFormat.detect(output.bytes) ?? .png, default: 0] += 1
            sizes.insert("\(output.image.width)×\(output.image.height)")
            qualities.formUnion(output.steps.filter { $0.hasPrefix("JPEG") })
            #expect(output.steps.contains { $0.hasPrefix("JPEG q") }, "every copy is JPEG-degraded: \(output.steps)")
            #expect(output.image.width >= 8 && output.image.height >= 8)
        }
        #expect((formats[.jpeg] ?? 0) > 20 && (formats[.png] ?? 0) > 4, "\(formats)")
        #expect(sizes.count > 30 && !sizes.contains("512×512"))
        #expect(qualities.count > 15)
    }

    @Test func aPNGCopyHoldsTheSamePixelsAsItsJPEGStep() throws {
        let control = ShortcutControl(pngShare: 1)
        let output = try control.trainingCopy(of: AugmentationTests.image, key: "k", copy: 0)
        #expect(ImageFormat.detect(output.bytes) == .png)
        #expect(try ImageDecoder.decode(output.bytes).image == output.image)
    }

    @Test func hugeImagesAreBroughtUnderTheMaximumSideFirst() throws {
        let wide = Image(width: 3000, height: 40, fill: (10, 200, 30))
        let output = try ShortcutControl(maximumSide: 1024).trainingCopy(of: wide, key: "wide", copy: 0)
        #expect(output.image.width <= 1536)
    }

    @Test func reencodeMakesEveryImageAJPEGNoLargerThan512() throws {
        let large = try AugmentationTests.image.resized(to: Size(width: 1000, height: 700), method: .bilinear)
        let output = try Augmenter(level: .reencode).apply(to: large, key: "x")
        #expect(ImageFormat.detect(output.bytes) == .jpeg)
        #expect(output.image.width == 512 && output.image.height == 358)
        let small = try Augmenter(level: .reencode).apply(to: AugmentationTests.image, key: "x")
        #expect(small.image.width == 320 && small.image.height == 240)
        #expect(try AugmentationLevel(parsing: "REENCODE") == .reencode)
    }

    @Test func trainingVariantsParseAndRoundTrip() throws {
        #expect(try TrainingVariant(parsing: "train-2") == .training(copy: 2))
        #expect(try TrainingVariant(parsing: "L3") == .evaluation(.l3))
        #expect(throws: EvaluationError.self) { _ = try TrainingVariant(parsing: "train-x") }
        let encoded = try JSONEncoder().encode([TrainingVariant.training(copy: 0), .evaluation(.chain)])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["train-0","chain"]"#)
        #expect(try JSONDecoder().decode([TrainingVariant].self, from: encoded) == [.training(copy: 0), .evaluation(.chain)])
    }
}
