import CAMOTesting
import CAMOVision
import Foundation
import Testing

@Suite struct ImageEncoderTests {
    /// A smooth 64×48 gradient with one sharp-edged block: typical photographic content for JPEG.
    static func sample() throws -> Image {
        var pixels: [UInt8] = []
        for y in 0..<48 {
            for x in 0..<64 {
                let inBlock = (16..<32).contains(x) && (8..<24).contains(y)
                pixels += inBlock ? [230, 40, 30] : [UInt8(x * 4), UInt8(y * 5), UInt8(100 + (x + y) / 2)]
            }
        }
        return try Image(width: 64, height: 48, pixels: pixels)
    }

    static func meanAbsoluteError(_ a: Image, _ b: Image) -> Double {
        zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.pixels.count)
    }

    @Test(arguments: JPEGEncodingOptions.ChromaSubsampling.allCases)
    func jpegRoundTripStaysCloseAndRecordsTheSubsampling(subsampling: JPEGEncodingOptions.ChromaSubsampling) throws {
        let original = try Self.sample()
        let data = try ImageEncoder.jpeg(original, options: JPEGEncodingOptions(quality: 95, chromaSubsampling: subsampling))
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.image.width == 64 && decoded.image.height == 48)
        #expect(decoded.info.format == .jpeg)
        let expectedModel = ["s444": "YCbCr 4:4:4", "s422": "YCbCr 4:2:2", "s420": "YCbCr 4:2:0"][subsampling.rawValue]
        #expect(decoded.info.colourModel == expectedModel)
        let error = Self.meanAbsoluteError(original, decoded.image)
        #expect(error > 0 && error < 3, "mean absolute error \(error)")
    }

    @Test func higherQualityIsLargerAndCloser() throws {
        let original = try Self.sample()
        let low = try ImageEncoder.jpeg(original, options: JPEGEncodingOptions(quality: 30))
        let high = try ImageEncoder.jpeg(original, options: JPEGEncodingOptions(quality: 98, chromaSubsampling: .s444))
        #expect(low.count < high.count)
        let lowError = Self.meanAbsoluteError(original, try Image(decoding: low))
        let highError = Self.meanAbsoluteError(original, try Image(decoding: high))
        #expect(highError < lowError)
        #expect(highError < 2)
    }

    /// Re-encoding a Pillow-encoded JPEG's pixels with the same settings (q 85, 4:2:0) and decoding
    /// gives pixels close to the first decode: both sides use libjpeg's standard tables.
    @Test func reencodingPillowsJPEGIsStable() throws {
        let pillow = try ImageDecoder.decode(Fixtures.data("decode/synthetic/jpeg_q85_420.jpg")).image
        let ours = try Image(decoding: ImageEncoder.jpeg(pillow, options: JPEGEncodingOptions(quality: 85, chromaSubsampling: .s420)))
        #expect(Self.meanAbsoluteError(pillow, ours) < 3)
    }

    @Test(arguments: [0, 6, 9])
    func pngRoundTripIsExact(level: Int) throws {
        let original = try Self.sample()
        let data = try ImageEncoder.png(original, compressionLevel: level)
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.image == original)
        #expect(decoded.info.colourModel == "RGB" && decoded.info.bitDepth == 8 && !decoded.info.hasAlpha)
    }

    @Test func strongerPNGCompressionIsSmaller() throws {
        let original = try Self.sample()
        #expect(try ImageEncoder.png(original, compressionLevel: 9).count < ImageEncoder.png(original, compressionLevel: 0).count)
    }

    @Test func onePixelImagesRoundTrip() throws {
        let pixel = Image(width: 1, height: 1, fill: (200, 10, 70))
        #expect(try Image(decoding: ImageEncoder.png(pixel)) == pixel)
        let jpeg = try Image(decoding: ImageEncoder.jpeg(pixel, options: JPEGEncodingOptions(quality: 100, chromaSubsampling: .s444)))
        #expect(Self.meanAbsoluteError(pixel, jpeg) < 3)
    }

    @Test func refusesOptionsOutOfRange() throws {
        let image = Image(width: 2, height: 2)
        #expect(throws: ImageEncodingError.invalidOption("JPEG quality 0 is outside 1...100")) {
            try ImageEncoder.jpeg(image, options: JPEGEncodingOptions(quality: 0))
        }
        #expect(throws: ImageEncodingError.invalidOption("JPEG quality 101 is outside 1...100")) {
            try ImageEncoder.jpeg(image, options: JPEGEncodingOptions(quality: 101))
        }
        #expect(throws: ImageEncodingError.invalidOption("PNG compression level 10 is outside 0...9")) {
            try ImageEncoder.png(image, compressionLevel: 10)
        }
    }
}
