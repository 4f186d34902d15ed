import CAMOVision
import Foundation
import Testing

@Suite struct AffineTransformTests {
    let shear = AffineTransform(a: 0.9, b: 0.2, c: -5, d: -0.15, e: 1.1, f: 7.5)

    @Test func inverseUndoesTheTransform() throws {
        let inverse = try shear.inverted()
        for point in [Point(x: 0, y: 0), Point(x: 13.5, y: -7), Point(x: 640, y: 480)] {
            let back = inverse.apply(to: shear.apply(to: point))
            #expect(abs(back.x - point.x) < 1e-9 && abs(back.y - point.y) < 1e-9)
        }
        let identity = shear.followed(by: inverse)
        for (value, expected) in zip(identity.rowMajor, AffineTransform.identity.rowMajor) {
            #expect(abs(value - expected) < 1e-12)
        }
    }

    @Test func compositionAppliesTheFirstTransformFirst() {
        let scaleThenShift = AffineTransform.scaling(x: 2, y: 3).followed(by: .translation(x: 10, y: -1))
        #expect(scaleThenShift.apply(to: Point(x: 1, y: 1)) == Point(x: 12, y: 2))
        let shiftThenScale = AffineTransform.translation(x: 10, y: -1).followed(by: .scaling(x: 2, y: 3))
        #expect(shiftThenScale.apply(to: Point(x: 1, y: 1)) == Point(x: 22, y: 0))
    }

    @Test func rotationMatchesGetRotationMatrix2D() {
        // cv2.getRotationMatrix2D((48, 30), 30, 1.3)
        let expected = [1.1258330249197703, 0.6499999999999999, -25.539985196148972, -0.6499999999999999, 1.1258330249197703, 27.425009252406888]
        let matrix = AffineTransform.rotation(degrees: 30, about: Point(x: 48, y: 30), scale: 1.3)
        for (value, reference) in zip(matrix.rowMajor, expected) {
            #expect(abs(value - reference) < 1e-9)
        }
    }

    @Test func singularAndNonFiniteMatricesAreRefused() {
        #expect(throws: ImageError.self) { try AffineTransform(a: 1, b: 2, c: 0, d: 2, e: 4, f: 0).inverted() }
        #expect(throws: ImageError.self) { try AffineTransform(rowMajor: [1, 0, .nan, 0, 1, 0]) }
        #expect(throws: ImageError.self) { try AffineTransform(rowMajor: [1, 0, 0]) }
        #expect(throws: ImageError.self) { try AffineTransform(a: 1e-200, b: 0, c: 0, d: 0, e: 1e-200, f: 0).inverted() }
    }
}

@Suite struct CropAndPadTests {
    let image: Image

    init() throws {
        image = try Image.testPattern(width: 7, height: 5)
    }

    @Test func cropCopiesTheRectangle() throws {
        let crop = try image.cropped(to: Rect(x: 2, y: 1, width: 3, height: 2))
        #expect(crop.size == Size(width: 3, height: 2))
        #expect(crop[0, 0] == image[2, 1])
        #expect(crop[2, 1] == image[4, 2])
    }

    @Test func cropRefusesOrClipsRectanglesOutside() throws {
        let outside = Rect(x: 5, y: 3, width: 4, height: 4)
        #expect(throws: ImageError.self) { try image.cropped(to: outside) }
        let clipped = try image.cropped(to: outside, clipping: true)
        #expect(clipped.size == Size(width: 2, height: 2))
        #expect(clipped[1, 1] == image[6, 4])
        #expect(throws: ImageError.self) { try image.cropped(to: Rect(x: 9, y: 0, width: 2, height: 2), clipping: true) }
        #expect(throws: ImageError.self) { try image.cropped(to: Rect(x: 0, y: 0, width: 0, height: 2)) }
        #expect(throws: ImageError.self) { try image.cropped(to: Rect(x: Int.max, y: Int.min, width: Int.max, height: Int.max)) }
        let absurd = try image.cropped(to: Rect(x: -1000, y: -1000, width: Int.max, height: Int.max), clipping: true)
        #expect(absurd == image)
    }

    @Test func padSurroundsTheImage() throws {
        let padded = try image.padded(top: 1, left: 2, bottom: 3, right: 4, value: Colour(red: 1, green: 2, blue: 3))
        #expect(padded.size == Size(width: 13, height: 9))
        #expect(padded[0, 0] == (1, 2, 3))
        #expect(padded[12, 8] == (1, 2, 3))
        #expect(padded[2, 1] == image[0, 0])
        #expect(padded[8, 5] == image[6, 4])
        #expect(throws: ImageError.self) { try image.padded(top: -1, left: 0, bottom: 0, right: 0) }
        #expect(throws: ImageError.self) { try image.padded(top: 0, left: Int.max, bottom: 0, right: 0) }
    }
}

@Suite struct LetterboxTests {
    @Test func topLeftLetterboxMapsBoxesBackToTheSource() throws {
        let source = try Image.testPattern(width: 97, height: 61)
        let letterbox = try source.letterboxed(to: Size(width: 64, height: 64), placement: .topLeft)
        #expect(letterbox.image.size == Size(width: 64, height: 64))
        let ratio = 64.0 / 97.0
        #expect(letterbox.mapping.scale == ratio)
        #expect(letterbox.mapping.resizedSize == Size(width: 64, height: Int((61 * ratio).rounded())))
        #expect(letterbox.mapping.offsetX == 0 && letterbox.mapping.offsetY == 0)
        // Below the content the canvas is padding.
        #expect(letterbox.image[10, 63] == (114, 114, 114))

        let box = Box(minX: 10.5, minY: 3, maxX: 80, maxY: 60.25)
        let there = letterbox.mapping.letterboxBox(fromSource: box)
        #expect(abs(there.minX - 10.5 * ratio) < 1e-12)
        let back = letterbox.mapping.sourceBox(fromLetterbox: there)
        #expect(abs(back.minX - box.minX) < 1e-9 && abs(back.minY - box.minY) < 1e-9)
        #expect(abs(back.maxX - box.maxX) < 1e-9 && abs(back.maxY - box.maxY) < 1e-9)
    }

    @Test func centredLetterboxOffsetsAndRoundsAsAsked() throws {
        let source = try Image.testPattern(width: 50, height: 21)
        // r = 0.64: 21·0.64 = 13.44 → 13 either way; 50·0.64 = 32 exactly.
        let centred = try source.letterboxed(to: Size(width: 32, height: 32), placement: .centre, rounding: .truncate)
        #expect(centred.mapping.resizedSize == Size(width: 32, height: 13))
        #expect(centred.mapping.offsetX == 0 && centred.mapping.offsetY == 9)
        let point = Point(x: 25, y: 10)
        let mapped = centred.mapping.letterboxPoint(fromSource: point)
        #expect(abs(mapped.y - (10 * 0.64 + 9)) < 1e-12)
        let back = centred.mapping.sourcePoint(fromLetterbox: mapped)
        #expect(abs(back.x - 25) < 1e-12 && abs(back.y - 10) < 1e-12)
        #expect(centred.image[16, 0] == (114, 114, 114))
        #expect(centred.image[16, 31] == (114, 114, 114))

        // r = 9/8: 5·r = 5.625 rounds to 6 but truncates to 5.
        let odd = try Image.testPattern(width: 8, height: 5)
        #expect(try odd.letterboxed(to: Size(width: 9, height: 9), rounding: .nearest).mapping.resizedSize.height == 6)  // 5.625
        #expect(try odd.letterboxed(to: Size(width: 9, height: 9), rounding: .truncate).mapping.resizedSize.height == 5)
    }
}

@Suite struct GeometryArgumentTests {
    let image: Image

    init() throws {
        image = try Image.testPattern(width: 4, height: 3)
    }

    @Test(arguments: [Size(width: 0, height: 5), Size(width: 5, height: -1), Size(width: 1 << 17, height: 1), Size(width: 40_000, height: 40_000)])
    func impossibleSizesAreRefused(_ size: Size) {
        for method in ResizeMethod.allCases {
            #expect(throws: ImageError.self) { try image.resized(to: size, method: method) }
        }
        #expect(throws: ImageError.self) { try image.warpedAffine(.identity, to: size) }
        #expect(throws: ImageError.self) { try image.letterboxed(to: size) }
    }

    @Test func badFactorsAnglesAndMatricesAreRefused() {
        #expect(throws: ImageError.self) { try image.resized(byFactor: 0, method: .bilinear) }
        #expect(throws: ImageError.self) { try image.resized(byFactor: .infinity, method: .bilinear) }
        #expect(throws: ImageError.self) { try image.resized(byFactor: 1e9, method: .bilinear) }
        #expect(throws: ImageError.self) { try image.rotated(byDegrees: .nan) }
        #expect(throws: ImageError.self) {
            try image.warpedAffine(AffineTransform(a: 0, b: 0, c: 0, d: 0, e: 0, f: 0), to: Size(width: 4, height: 4))
        }
    }

    @Test func errorMessagesSayWhatWasWrong() {
        do {
            _ = try image.resized(to: Size(width: 0, height: 5), method: .area)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("resize") && error.description.contains("0×5"))
        }
    }

    @Test func hugeTranslationsGiveBorderNotACrash() throws {
        let far = try image.warpedAffine(.translation(x: 1e30, y: -1e30), to: Size(width: 3, height: 3), border: .constant(Colour(grey: 9)))
        #expect(far.pixels.allSatisfy { $0 == 9 })
        let replicated = try image.warpedAffine(.translation(x: -1e30, y: 0), to: Size(width: 3, height: 3), border: .replicate)
        #expect(replicated[0, 0] == image[3, 0])
    }

    @Test func quarterTurnsComposeToTheIdentity() throws {
        let source = try Image.testPattern(width: 5, height: 3)
        let turned = source.rotated90(clockwise: true)
        #expect(turned.size == Size(width: 3, height: 5))
        #expect(turned.rotated90(clockwise: false) == source)
        #expect(source.rotated180().rotated180() == source)
        #expect(source.rotated90().rotated90() == source.rotated180())
        #expect(source.flippedHorizontally().flippedVertically() == source.rotated180())
    }

    @Test func resizingToTheSameSizeIsACopy() throws {
        for method in ResizeMethod.allCases {
            #expect(try image.resized(to: image.size, method: method) == image)
        }
    }
}
