import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Bad input gives a typed error that says what was wrong, never a crash.
@Suite struct MalformedInputTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Fixtures.data("decode/synthetic/\(name)"))
    }

    static func decodingError(_ bytes: [UInt8], options: DecodingOptions = DecodingOptions()) -> ImageDecodingError? {
        do {
            _ = try ImageDecoder.decode(Data(bytes), options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyInputIsEmpty() {
        #expect(throws: ImageDecodingError.empty) { try ImageDecoder.decode(Data()) }
        #expect(throws: ImageDecodingError.empty) { try ImageDecoder.info(Data()) }
        #expect(ImageDecodingError.empty.description.contains("no bytes"))
    }

    @Test func garbageIsAnUnknownFormatShowingItsFirstBytes() {
        let error = Self.decodingError([0x13, 0x37, 0xC0, 0xDE, 0, 1, 2, 3, 4, 5])
        #expect(error == .unsupportedFormat("unknown (first bytes: 13 37 C0 DE 00 01 02 03)"))
    }

    static let foreignHeaders: [(String, [UInt8])] = {
        let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]
        let bmp: [UInt8] = Array("BM".utf8) + [UInt8](repeating: 0, count: 30)
        let tiffLittle: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        let tiffBig: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        let jpegXL: [UInt8] = [0xFF, 0x0A, 0xFA, 0x7F, 0, 0, 0, 0]
        let jpeg2000: [UInt8] = [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]
        return [("GIF", gif), ("BMP", bmp), ("TIFF", tiffLittle), ("TIFF", tiffBig), ("JPEG XL", jpegXL), ("JPEG 2000", jpeg2000)]
    }()

    @Test(arguments: foreignHeaders)
    func recognisedButUnsupportedFormatsAreNamed(name: String, header: [UInt8]) {
        #expect(Self.decodingError(header) == .unsupportedFormat(name))
        #expect(ImageDecodingError.unsupportedFormat(name).description
            == "unsupported image format: \(name) (only JPEG, PNG, WebP, HEIC and AVIF are decoded)")
    }

    @Test(arguments: ["jpeg_q85_420.jpg", "jpeg_progressive.jpg", "png_rgb.png", "png_rgb_interlaced.png",
                      "webp_lossy.webp", "webp_lossless_alpha.webp"])
    func truncationIsReportedAsTruncated(name: String) throws {
        let bytes = try Self.fixture(name)
        let format = ImageFormat.detect(bytes)!
        var lengths = [2, 4, 10, 20, 40, 100, bytes.count / 3, bytes.count / 2, bytes.count * 3 / 4]
        // A PNG whose rows are all present decodes without its last bytes (checksums, IEND), as in
        // Pillow; JPEG needs its end-of-image marker and WebP its declared RIFF size, as in Pillow.
        if format != .png { lengths += [bytes.count - 3, bytes.count - 1] }
        for length in lengths {
            let error = Self.decodingError(Array(bytes[..<length]))
            guard case let .truncated(truncatedFormat, detail)? = error else {
                Issue.record("\(name) cut to \(length) bytes: expected truncated, got \(String(describing: error))")
                continue
            }
            #expect(truncatedFormat == format)
            #expect(!detail.isEmpty)
        }
    }

    @Test func onePixelImagesDecode() throws {
        #expect(try Image(decoding: Fixtures.data("decode/synthetic/png_1x1.png")) == Image(width: 1, height: 1, fill: (9, 8, 7)))
        #expect(try Image(decoding: Fixtures.data("decode/synthetic/webp_1x1.webp")) == Image(width: 1, height: 1, fill: (10, 200, 30)))
        let jpeg = try ImageDecoder.decode(Fixtures.data("decode/synthetic/jpeg_1x1.jpg"))
        #expect(jpeg.image.width == 1 && jpeg.image.height == 1 && jpeg.info.colourModel == "YCbCr 4:2:0")
    }

    @Test func hugeJPEGHeaderIsRefusedBeforeDecoding() throws {
        var bytes = try Self.fixture("jpeg_1x1.jpg")
        let sof = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes.replaceSubrange(sof + 5..<sof + 9, with: [0xFF, 0xFF, 0xFF, 0xFF])  // 65535 × 65535, JPEG's maximum
        #expect(Self.decodingError(bytes) == .tooLarge(width: 65535, height: 65535, limit: 64_000_000))
        #expect(try ImageDecoder.info(Data(bytes)).storedWidth == 65535)
    }

    @Test func hugePNGHeaderIsRefusedBeforeDecoding() throws {
        let original = try Self.fixture("png_rgb.png")
        let ihdrBody = PNGChunk.bigEndian(100_000) + PNGChunk.bigEndian(100_000) + Array(original[24..<29])
        let bytes = Array(original[..<8]) + PNGChunk.make("IHDR", ihdrBody) + Array(original[33...])
        #expect(Self.decodingError(bytes) == .tooLarge(width: 100_000, height: 100_000, limit: 64_000_000))
        #expect(ImageDecodingError.tooLarge(width: 100_000, height: 100_000, limit: 64_000_000).description
            == "image too large: 100000×100000 = 10000000000 pixels exceeds the limit of 64000000 (DecodingOptions.maxPixels)")
    }

    @Test func hugeWebPHeaderIsRefusedBeforeDecoding() throws {
        var bytes = try Self.fixture("webp_lossless.webp")
        // VP8L header after the 0x2F signature: 14 bits width − 1, 14 bits height − 1 (16384 × 16384).
        let vp8l = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("VP8L".utf8)) })
        let bits: UInt32 = 16383 | 16383 << 14 | UInt32(bytes[vp8l + 12] >> 4) << 28
        bytes.replaceSubrange(vp8l + 9..<vp8l + 13, with: [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)])
        #expect(Self.decodingError(bytes) == .tooLarge(width: 16384, height: 16384, limit: 64_000_000))
    }

    @Test func hugeWebPCanvasIsRefusedBeforeDecoding() throws {
        var bytes = try Self.fixture("webp_orientation_6.webp")  // extended format: has a VP8X chunk
        let vp8x = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("VP8X".utf8)) })
        let side = 100_000 - 1  // stored minus one, 24 bits little-endian
        let size: [UInt8] = [UInt8(side & 0xFF), UInt8(side >> 8 & 0xFF), UInt8(side >> 16)]
        bytes.replaceSubrange(vp8x + 12..<vp8x + 18, with: size + size)
        #expect(Self.decodingError(bytes) == .tooLarge(width: 100_000, height: 100_000, limit: 64_000_000))
        // Within the limit, the canvas that disagrees with its image is corrupt.
        #expect(Self.decodingError(bytes, options: DecodingOptions(maxPixels: 20_000_000_000)).map {
            if case .corrupt(.webp, _) = $0 { true } else { false }
        } == true)
    }

    @Test(arguments: ["jpeg_q85_420.jpg", "png_rgb.png", "webp_lossy.webp"])
    func theLimitIsAnOption(name: String) throws {
        let bytes = try Self.fixture(name)
        let info = try ImageDecoder.info(Data(bytes))
        let limit = info.pixelCount - 1
        #expect(Self.decodingError(bytes, options: DecodingOptions(maxPixels: limit))
            == .tooLarge(width: info.storedWidth, height: info.storedHeight, limit: limit))
        #expect(Self.decodingError(bytes, options: DecodingOptions(maxPixels: info.pixelCount)) == nil)
    }

    /// A 50 MB tEXt chunk is above spng's chunk limit, so it is skipped unread and the image decodes.
    @Test func hugeTextChunkIsSkipped() throws {
        let original = try Self.fixture("png_rgb.png")
        let text = Array("Comment\u{0}".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        let bytes = PNGChunk.inserting(PNGChunk.make("tEXt", text), into: original)
        let decoded = try ImageDecoder.decode(Data(bytes))
        #expect(decoded.image == (try Image(decoding: Data(original))))
    }

    @Test func corruptDataNamesTheProblem() throws {
        var png = try Self.fixture("png_rgb.png")
        png[12] = UInt8(ascii: "X")  // IHDR → XHDR
        #expect(Self.decodingError(png) == .corrupt(format: .png, detail: "the first chunk is not IHDR"))

        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xD9]
        #expect(Self.decodingError(jpeg) == .corrupt(format: .jpeg, detail: "end-of-image marker at byte 2 before any scan"))

        let webp = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8)
        #expect(Self.decodingError(webp) == .corrupt(format: .webp, detail: "no VP8 or VP8L image chunk"))
    }

    @Test func unreadableFilesSayWhy() {
        let url = URL(fileURLWithPath: "/nonexistent/camo/missing.jpg")
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(contentsOf: url) }
        do {
            _ = try ImageDecoder.decode(contentsOf: url)
        } catch {
            #expect(error.description.hasPrefix("cannot read /nonexistent/camo/missing.jpg"))
        }
    }
}
