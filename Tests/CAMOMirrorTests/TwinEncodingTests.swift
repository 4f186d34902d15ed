import CAMOMirror
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// A fake is stored as its real twin is: format, size, JPEG quality and subsampling (scripts/oracles/jpeg_quality.py).
struct TwinEncodingTests {
    struct Case: Decodable {
        var file: String
        var quality: Int
        var subsampling: String
        var tables: [String: [Int]]
    }

    static let cases: [Case] = {
        struct Document: Decodable { var cases: [Case] }
        let data = (try? Fixtures.data("mirror/jpeg-quality/expected.json")) ?? Data()
        return (try? JSONDecoder().decode(Document.self, from: data).cases) ?? []
    }()

    static func file(_ name: String) throws -> Data { try Fixtures.data("mirror/jpeg-quality/\(name)") }

    @Test func theOracleFilesAreThere() {
        #expect(Self.cases.count == 10)
    }

    @Test(arguments: cases)
    func quantisationTablesAreReadAsPillowReadsThem(_ item: Case) throws {
        let tables = try JPEGQuality.quantizationTables(Self.file(item.file))
        #expect(Dictionary(uniqueKeysWithValues: tables.map { (String($0.key), $0.value) }) == item.tables)
    }

    @Test(arguments: cases)
    func theQualityPillowWroteIsEstimatedExactly(_ item: Case) throws {
        let estimate = try #require(try JPEGQuality.estimate(Self.file(item.file)))
        #expect(estimate.quality == item.quality && estimate.isExact && estimate.meanDifference == 0)
    }

    @Test func aNonJPEGHasNoQuality() throws {
        #expect(try JPEGQuality.estimate(ImageEncoder.png(Image.testPattern(width: 8, height: 8))) == nil)
    }

    @Test(arguments: cases)
    func aTwinOfAJPEGIsAJPEGOfTheSameSizeQualityAndSubsampling(_ item: Case) throws {
        let real = try Self.file(item.file)
        let twin = try TwinEncoding(of: real, info: ImageDecoder.info(real))
        #expect(twin.format == .jpeg && twin.quality == item.quality && twin.subsampling == item.subsampling && twin.qualityExact == true)
        // A generated image of another size and aspect, as engines answer.
        let fake = try twin.encode(Image.testPattern(width: 96, height: 64))
        let info = try ImageDecoder.info(fake)
        #expect(info.format == .jpeg && info.width == 48 && info.height == 40)
        #expect(info.colourModel == "YCbCr \(item.subsampling)")
        #expect(try JPEGQuality.estimate(fake)?.quality == item.quality)
        #expect(!info.hasEXIF && !info.hasXMP && !info.hasICCProfile)
    }

    @Test func pngAndWebPTwinsKeepTheirFormatAndLosslessness() throws {
        let image = try Image.testPattern(width: 30, height: 20)
        let png = try ImageEncoder.png(image)
        let pngTwin = try TwinEncoding(of: png, info: ImageDecoder.info(png))
        #expect(pngTwin.format == .png && pngTwin.fileExtension == "png")
        #expect(try ImageDecoder.info(pngTwin.encode(Image.testPattern(width: 64, height: 64))).format == .png)

        let lossless = try ImageEncoder.webp(image, quality: nil)
        let losslessTwin = try TwinEncoding(of: lossless, info: ImageDecoder.info(lossless))
        #expect(losslessTwin.lossless == true && losslessTwin.quality == nil)
        let fake = try losslessTwin.encode(Image.testPattern(width: 64, height: 64))
        #expect(try ImageDecoder.info(fake).colourModel.hasPrefix("VP8L"))
        // Lossless: the pixels are the generated image resized to the twin, exactly.
        let expected = try Image.testPattern(width: 64, height: 64).resized(to: Size(width: 30, height: 20), method: .pillowLanczos)
        #expect(try ImageDecoder.decode(fake).image == expected)

        let lossy = try ImageEncoder.webp(image, quality: 60)
        let lossyTwin = try TwinEncoding(of: lossy, info: ImageDecoder.info(lossy))
        #expect(lossyTwin.lossless == false && lossyTwin.quality == TwinEncoding.webpQuality)
        #expect(try ImageDecoder.info(lossyTwin.encode(image)).colourModel.hasPrefix("VP8 "))
    }

    @Test func losslessWebPRoundTripsExactly() throws {
        let image = try Image.testPattern(width: 30, height: 20)
        #expect(try ImageDecoder.decode(ImageEncoder.webp(image, quality: nil)).image == image)
    }

    @Test func aFormatCAMOCannotWriteMakesBothTwinsPNG() throws {
        let heic = try Fixtures.data("decode/heif/" + (FileManager.default.contentsOfDirectory(
            atPath: Fixtures.url("decode/heif").path).sorted().first { $0.hasSuffix(".heic") } ?? ""))
        let twin = try TwinEncoding(of: heic, info: ImageDecoder.info(heic))
        #expect(twin.format == .png && twin.realReencoded)
    }
}
