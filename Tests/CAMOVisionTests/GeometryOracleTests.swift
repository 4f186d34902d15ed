import CAMOVision
import Foundation
import Testing

/// Every case the OpenCV/Pillow oracle wrote, reproduced by CAMOVision and compared at the
/// sampled grid: at most one grey level off (and the share of exact values is logged).
@Suite struct GeometryOracleTests {
    @Test func manifestCoversEveryOperation() {
        let kinds = Set(GeometryFixture.all.map(\.kind))
        #expect(kinds == ["pattern", "resize", "warp", "rotate", "rotate90", "flip", "colour", "colourFloat", "letterbox", "tensor"])
        let methods = Set(GeometryFixture.of(kind: "resize").compactMap(\.method))
        #expect(methods == Set(ResizeMethod.allCases.map(\.rawValue)))
    }

    @Test(arguments: GeometryFixture.of(kind: "pattern"))
    func testPatternMatchesNumPy(_ fixture: GeometryFixture) throws {
        let image = try fixture.sourceImage()
        let result = try fixture.compare(image.pixels, width: image.width, height: image.height)
        #expect(result.sizeMatches && result.maximumDifference == 0, "\(fixture): \(result)")
    }

    @Test(arguments: GeometryFixture.of(kind: "resize"))
    func resizeMatchesOracle(_ fixture: GeometryFixture) throws {
        let method = try #require(fixture.method.flatMap(ResizeMethod.init(rawValue:)))
        let output = try fixture.sourceImage().resized(to: Size(width: fixture.width, height: fixture.height), method: method)
        try expectWithinOneLevel(fixture, output)
    }

    @Test(arguments: GeometryFixture.of(kind: "warp"))
    func warpAffineMatchesOpenCV(_ fixture: GeometryFixture) throws {
        let matrix = try AffineTransform(rowMajor: try #require(fixture.matrix))
        let colour = try #require(fixture.borderColour)
        let border: Border = fixture.border == "replicate"
            ? .replicate : .constant(Colour(red: colour[0], green: colour[1], blue: colour[2]))
        let output = try fixture.sourceImage().warpedAffine(
            matrix, to: Size(width: fixture.width, height: fixture.height), border: border)
        try expectWithinOneLevel(fixture, output)
    }

    @Test(arguments: GeometryFixture.of(kind: "rotate"))
    func rotationMatchesOpenCV(_ fixture: GeometryFixture) throws {
        let output = try fixture.sourceImage().rotated(
            byDegrees: try #require(fixture.angle), expand: fixture.expand == true)
        try expectWithinOneLevel(fixture, output)
    }

    @Test(arguments: GeometryFixture.of(kind: "rotate90") + GeometryFixture.of(kind: "flip"))
    func exactTurnsAndFlipsMatchOpenCV(_ fixture: GeometryFixture) throws {
        let source = try fixture.sourceImage()
        let output: Image
        switch fixture.turn ?? fixture.axis {
        case "clockwise": output = source.rotated90(clockwise: true)
        case "counterclockwise": output = source.rotated90(clockwise: false)
        case "half": output = source.rotated180()
        case "horizontal": output = source.flippedHorizontally()
        case "vertical": output = source.flippedVertically()
        case let other: Issue.record("unknown case \(String(describing: other))"); return
        }
        let result = try fixture.compare(output.pixels, width: output.width, height: output.height)
        #expect(result.sizeMatches && result.maximumDifference == 0, "\(fixture): \(result)")
    }

    @Test(arguments: GeometryFixture.of(kind: "colour"))
    func colourConversionMatchesOpenCVExactly(_ fixture: GeometryFixture) throws {
        let source = try fixture.sourceImage()
        let result: Comparison
        switch fixture.conversion {
        case "rgbToGray":
            let grey = source.grayscale()
            result = try fixture.compare(grey.pixels, width: grey.width, height: grey.height)
        default:
            let output: Image
            switch fixture.conversion {
            case "rgbToBGR": output = source.channelsSwapped()
            case "rgbToYCrCb": output = source.convertedToYCrCb()
            case "yCrCbToRGB": output = source.convertedFromYCrCb()
            case "rgbToYUV", "bgrToYUV": output = source.convertedToYUV()
            case "yuvToRGB", "yuvToBGRReversed": output = source.convertedFromYUV()
            case let other: Issue.record("unknown conversion \(String(describing: other))"); return
            }
            result = try fixture.compare(output.pixels, width: output.width, height: output.height)
            if fixture.conversion == "rgbToYUV" {
                // The U plane on its own, as the watermark decoder reads it, is OpenCV's too.
                let u = stride(from: 1, to: output.pixels.count, by: 3).map { output.pixels[$0] }
                #expect(source.yuvUPlane().pixels == u, "\(fixture)")
            }
        }
        #expect(result.sizeMatches && result.maximumDifference == 0, "\(fixture): \(result)")
    }

    @Test(arguments: GeometryFixture.of(kind: "colourFloat"))
    func floatColourConversionMatchesOpenCV(_ fixture: GeometryFixture) throws {
        var unit = PlanarImage(try fixture.sourceImage())
        unit.planes = unit.planes.map { $0 / 255 }
        let output: PlanarImage
        switch fixture.conversion {
        case "rgbToYCrCb": output = try unit.convertedToYCrCb()
        case "yCrCbToRGB": output = try unit.convertedFromYCrCb()
        case "rgbToYUV": output = try unit.convertedToYUV()
        case "yuvToRGB": output = try unit.convertedFromYUV()
        case let other: Issue.record("unknown conversion \(String(describing: other))"); return
        }
        let result = try fixture.compare(output)
        print("\(fixture): \(result)")
        #expect(result.sizeMatches && result.maximumDifference <= 1e-6, "\(fixture): \(result)")
    }

    @Test(arguments: GeometryFixture.of(kind: "letterbox"))
    func letterboxMatchesDetectorPreprocessing(_ fixture: GeometryFixture) throws {
        let placement = try #require(fixture.placement.flatMap(LetterboxPlacement.init(rawValue:)))
        let rounding = try #require(fixture.rounding.flatMap(LetterboxRounding.init(rawValue:)))
        let letterbox = try fixture.sourceImage().letterboxed(
            to: Size(width: fixture.width, height: fixture.height), padValue: .letterboxGrey,
            placement: placement, method: .bilinear, rounding: rounding)
        #expect(letterbox.mapping.scale == fixture.scale)
        #expect([letterbox.mapping.offsetX, letterbox.mapping.offsetY] == fixture.offset)
        let result = try fixture.compare(letterbox.image.pixels, width: letterbox.image.width, height: letterbox.image.height)
        #expect(result.sizeMatches && result.maximumDifference == 0, "\(fixture): \(result)")
    }

    @Test(arguments: GeometryFixture.of(kind: "tensor"))
    func tensorValuesMatchNumPy(_ fixture: GeometryFixture) throws {
        let order = try #require(fixture.order.flatMap(ChannelOrder.init(rawValue:)))
        let normalization = try TensorNormalization(
            scale: Float(try #require(fixture.scale)), mean: try #require(fixture.mean), std: try #require(fixture.std))
        let values = try fixture.sourceImage().planarFloats(order: order, normalization: normalization)
        let tensor = try PlanarImage(width: fixture.width, height: fixture.height, channels: 3, planes: values)
        let result = try fixture.compare(tensor)
        print("\(fixture): \(result)")
        #expect(result.sizeMatches && result.maximumDifference <= 1e-6, "\(fixture): \(result)")
    }

    private func expectWithinOneLevel(_ fixture: GeometryFixture, _ output: Image) throws {
        let result = try fixture.compare(output.pixels, width: output.width, height: output.height)
        print("\(fixture): \(result)")
        #expect(result.sizeMatches && result.maximumDifference <= 1, "\(fixture): \(result)")
    }
}
