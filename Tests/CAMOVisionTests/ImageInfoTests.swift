import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// What `ImageDecoder.info` reads from headers.
@Suite struct ImageInfoTests {
    static func info(_ name: String) throws -> ImageInfo {
        try ImageDecoder.info(Fixtures.data("decode/synthetic/\(name)"))
    }

    @Test(arguments: [
        ("jpeg_q85_420.jpg", "YCbCr 4:2:0"), ("jpeg_q90_422.jpg", "YCbCr 4:2:2"), ("jpeg_q90_444.jpg", "YCbCr 4:4:4"),
        ("jpeg_gray.jpg", "grayscale"), ("jpeg_cmyk_adobe.jpg", "CMYK"), ("jpeg_cmyk_no_adobe.jpg", "CMYK"), ("jpeg_ycck.jpg", "YCCK"),
        ("png_palette_trns.png", "palette 4-bit"), ("png_palette_4bit.png", "palette 4-bit"), ("png_1bit.png", "grayscale 1-bit"),
        ("png_rgba_16bit.png", "RGBA 16-bit"), ("png_gray_alpha.png", "grayscale+alpha"), ("png_gray_16bit.png", "grayscale 16-bit"),
        ("webp_lossy.webp", "VP8 lossy"), ("webp_lossless_alpha.webp", "VP8L lossless + alpha"),
        ("webp_lossy_alpha.webp", "VP8 lossy + alpha"),
    ])
    func colourModelIsNamed(name: String, model: String) throws {
        #expect(try Self.info(name).colourModel == model)
    }

    @Test func alphaAndTransparencyAreFlagged() throws {
        #expect(try Self.info("png_rgba.png").hasAlpha)
        #expect(try Self.info("png_palette_trns.png").hasAlpha)
        #expect(try Self.info("png_rgb_trns.png").hasAlpha)
        #expect(try Self.info("webp_lossy_alpha.webp").hasAlpha)
        #expect(try !Self.info("png_rgb.png").hasAlpha)
        #expect(try !Self.info("jpeg_q85_420.jpg").hasAlpha)
    }

    @Test func progressiveAndInterlacedAreFlagged() throws {
        #expect(try Self.info("jpeg_progressive.jpg").isProgressive)
        #expect(try Self.info("png_rgb_interlaced.png").isProgressive)
        #expect(try !Self.info("jpeg_q85_420.jpg").isProgressive)
    }

    /// APNG decodes to its default image (as Pillow's first frame); the info says it is animated.
    @Test func animatedPNGIsFlagged() throws {
        #expect(try Self.info("png_animated.png").isAnimated)
        #expect(try !Self.info("png_rgb.png").isAnimated)
    }

    @Test func bitDepthIsAsStored() throws {
        #expect(try Self.info("png_rgb_16bit.png").bitDepth == 16)
        #expect(try Self.info("png_gray_2bit.png").bitDepth == 2)
        #expect(try Self.info("jpeg_q85_420.jpg").bitDepth == 8)
    }

    @Test func orientationSwapsTheReportedSize() throws {
        let info = try Self.info("jpeg_orientation_6.jpg")
        #expect(info.orientation == 6)
        #expect((info.width, info.height, info.storedWidth, info.storedHeight) == (32, 48, 48, 32))
        #expect(try Self.info("jpeg_xmp_orientation_6.jpg").orientation == 6)
        #expect(try Self.info("png_raw_profile_exif_orientation_3.png").orientation == 3)
        #expect(try Self.info("webp_orientation_6.webp").orientation == 6)
    }

    /// The eight files hold the same JPEG stream with different orientation tags.
    @Test func orientationCanBeLeftAsStored() throws {
        let upright = try ImageDecoder.decode(Fixtures.data("decode/synthetic/jpeg_orientation_1.jpg")).image
        for orientation in 2...8 {
            let stored = try ImageDecoder.decode(Fixtures.data("decode/synthetic/jpeg_orientation_\(orientation).jpg"),
                                                 options: DecodingOptions(appliesOrientation: false))
            #expect(stored.image == upright)
            #expect(stored.info.orientation == orientation)
            #expect((stored.info.width, stored.info.height) == (48, 32))
        }
    }

    @Test func infoIsCodable() throws {
        let info = try Self.info("jpeg_orientation_6.jpg")
        let copy = try JSONDecoder().decode(ImageInfo.self, from: JSONEncoder().encode(info))
        #expect(copy == info)
    }

    @Test func twelveBitJPEGIsRefusedByName() throws {
        var bytes = try [UInt8](Fixtures.data("decode/synthetic/jpeg_1x1.jpg"))
        let sof = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 4] = 12
        #expect(throws: ImageDecodingError.unsupportedFeature(format: .jpeg, detail: "12-bit samples (only 8-bit JPEG is decoded)")) {
            try ImageDecoder.decode(Data(bytes))
        }
    }
}
