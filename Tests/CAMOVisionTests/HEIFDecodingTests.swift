import CAMORuntime
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// HEIC and AVIF through libheif, against `scripts/oracles/decode_heif.py`: pillow-heif for HEIC,
/// Pillow's libavif plugin for AVIF. The oracle runs other decoder builds, so pixels are compared
/// within what was measured (docs/images.md), never loosely enough to miss a turned, mirrored,
/// shifted or wrongly sized image.
@Suite struct HEIFDecodingTests {
    static let devSetPresent = FileManager.default.fileExists(
        atPath: Fixtures.devDataDirectory.appendingPathComponent("real/exif-samples__heic__IMG_5195.HEIC").path)

    static let fixtures = [
        "heic_420.heic", "heic_444.heic", "heic_orientation_6.heic", "heic_orientation_2.heic", "heic_10bit.heic",
        "heic_alpha.heic", "avif_420.avif", "avif_444.avif", "avif_orientation_7.avif", "avif_alpha.avif",
    ]

    /// Files where the two decoders disagree only by rounding, with no chroma upsampling or colour
    /// matrix of their own: every sample within 2 (measured: 0 for 4:4:4 HEIC, 1 for 8-bit, 2 for 10-bit).
    /// Elsewhere libheif upsamples 4:2:0 chroma by nearest neighbour where libavif (and pillow-heif's
    /// libheif, for rotated images) interpolate, and the dev AVIF, which has no `colr` box, gets
    /// different colour matrices; colour edges then differ by up to 63 (mean 5.3), luma by less than 4.
    static let roundingOnly: Set = [
        "heic_420.heic", "heic_444.heic", "heic_10bit.heic", "heic_alpha.heic", "avif_444.avif",
        "dev/real/exif-samples__heic__IMG_5195.HEIC",
    ]

    static func data(_ name: String) throws -> Data {
        if name.hasPrefix("dev/") {
            return try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(String(name.dropFirst(4))))
        }
        return try Fixtures.data("decode/heif/\(name)")
    }

    static func decodingError(_ data: Data, options: DecodingOptions = DecodingOptions()) -> ImageDecodingError? {
        do {
            _ = try ImageDecoder.decode(data, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// How far decoded RGB bytes are from the oracle's.
    struct Difference {
        var maxSample = 0
        var meanSample = 0.0
        /// Of Rec. 601 luma, which chroma upsampling and chroma rounding leave (almost) unchanged.
        var maxLuma = 0.0

        init(_ ours: [UInt8], _ oracle: [UInt8]) {
            var total = 0
            for p in stride(from: 0, to: min(ours.count, oracle.count) - 2, by: 3) {
                var luma = 0
                for (c, weight) in [299, 587, 114].enumerated() {
                    let delta = Int(ours[p + c]) - Int(oracle[p + c])
                    maxSample = max(maxSample, abs(delta))
                    total += abs(delta)
                    luma += weight * delta
                }
                maxLuma = max(maxLuma, Double(abs(luma)) / 1000)
            }
            meanSample = Double(total) / Double(max(ours.count, 1))
        }
    }

    func compare(_ name: String, oracle: HEIFOracle) throws {
        let expected = try #require(oracle.images[name], "\(name) is not in expected.json")
        let data = try Self.data(name)
        let decoded = try ImageDecoder.decode(data)
        let image = decoded.image
        try #require(image.width == expected.width && image.height == expected.height,
                     "\(name): \(image.width)×\(image.height), oracle \(expected.width)×\(expected.height)")
        #expect(decoded.info.format.name == (expected.format == "HEIF" ? "HEIC" : expected.format), "\(name)")

        let grid = oracle.gridPoints(width: image.width, height: image.height).flatMap { point in
            let pixel = image[point.x, point.y]
            return [pixel.r, pixel.g, pixel.b]
        }
        let difference = Difference(expected.rgb.map { _ in image.pixels } ?? grid, expected.rgb ?? expected.gridRGB)
        let measured = "\(name): max \(difference.maxSample), mean \(difference.meanSample), luma max \(difference.maxLuma)"
        #expect(difference.maxLuma <= 5, "\(measured)")  // measured at most 3.95
        if Self.roundingOnly.contains(name) {
            #expect(difference.maxSample <= 2, "\(measured)")
        } else {
            #expect(difference.meanSample <= 6, "\(measured)")
        }
        for channel in 0..<3 {
            var sum = 0
            for p in stride(from: channel, to: image.pixels.count, by: 3) { sum += Int(image.pixels[p]) }
            let mean = Double(sum) / Double(image.pixelCount)
            #expect(abs(mean - expected.channelMeans[channel]) <= 1.5, "\(name) channel \(channel): mean \(mean), oracle \(expected.channelMeans[channel])")
        }
        #expect(decoded.info.hasICCProfile == expected.hasICC && decoded.info.hasXMP == expected.hasXMP, "\(name)")
        // Pillow's AVIF plugin makes up an EXIF block to carry irot/imir; pillow-heif reports the file's.
        if expected.format == "HEIF" { #expect(decoded.info.hasEXIF == expected.hasEXIF, "\(name)") }
        #expect(try ImageDecoder.info(data) == decoded.info, "\(name): info() and decode() disagree")
    }

    @Test(.enabled(if: devSetPresent, "needs ../shared/data/dev"), arguments: [
        "dev/real/exif-samples__heic__IMG_5195.HEIC", "dev/real/c2pa-rs__sdk__tests__fixtures__sample1.avif",
    ])
    func devHEICAndAVIFDecodeLikeTheOracle(name: String) throws {
        try compare(name, oracle: HEIFOracle.load())
    }

    @Test(arguments: fixtures)
    func syntheticFixturesDecodeLikeTheOracle(name: String) throws {
        try compare(name, oracle: HEIFOracle.load())
    }

    @Test func everyFixtureHasAnExpectation() throws {
        let names = try HEIFOracle.load().images.keys.filter { !$0.hasPrefix("dev/") }
        #expect(Set(names) == Set(Self.fixtures))
    }

    /// The 4:4:4 HEIC needs no chroma upsampling and both libheif versions convert alike: bit for bit.
    @Test func heic444MatchesPillowHeifExactly() throws {
        let expected = try #require(HEIFOracle.load().images["heic_444.heic"])
        #expect(try SHA256.hexDigest(ImageDecoder.decode(Self.data("heic_444.heic")).image.pixels) == expected.sha256)
    }

    /// The rotation (irot) and mirror (imir) are applied once, by libheif; the EXIF orientation that the
    /// writer also left in the file is not applied again.
    @Test func heifTransformationsAreAppliedOnceAndEXIFOrientationIsNot() throws {
        let rotated = try ImageDecoder.decode(Self.data("heic_orientation_6.heic"))
        #expect(rotated.image.width == 23 && rotated.image.height == 37)
        #expect(rotated.info.orientation == 1 && rotated.info.hasEXIF)
        let exif = try #require(HEIFMetadata.read(Self.data("heic_orientation_6.heic")).exif.first)
        #expect(exif.starts(with: [0x4D, 0x4D, 0, 0x2A]) || exif.starts(with: [0x49, 0x49, 0x2A, 0]), "\(exif.prefix(8))")
        // Orientation 6 (0x0112, SHORT, count 1, value 6) is still in the block.
        let tag: [UInt8] = exif[0] == 0x4D ? [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6] : [0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0]
        #expect(exif.indices.contains { exif[$0...].starts(with: tag) })

        // The stored orientation does not change what is returned, nor does turning EXIF orientation off.
        let unoriented = try ImageDecoder.decode(Self.data("heic_orientation_6.heic"), options: DecodingOptions(appliesOrientation: false))
        #expect(unoriented.image == rotated.image && unoriented.info == rotated.info)
        let transverse = try ImageDecoder.info(Self.data("avif_orientation_7.avif"))
        #expect(transverse.width == 23 && transverse.height == 37 && transverse.storedWidth == 37 && transverse.storedHeight == 23)
    }

    @Test func infoDescribesTheFileWithoutDecodingIt() throws {
        let info = try ImageDecoder.info(Self.data("heic_alpha.heic"))
        #expect(info.format == .heic && info.width == 37 && info.height == 23 && info.orientation == 1)
        #expect(info.hasAlpha && info.colourModel == "HEVC + alpha" && info.bitDepth == 8)
        #expect(try ImageDecoder.info(Self.data("avif_alpha.avif")).colourModel == "AV1 + alpha")
        #expect(try ImageDecoder.info(Self.data("heic_10bit.heic")).bitDepth == 10)

        // With the coded image data zeroed the header still describes the image: info never reads it.
        let whole = try [UInt8](Self.data("heic_420.heic"))
        let mdat = try #require(whole.indices.first { whole[$0...].starts(with: Array("mdat".utf8)) })
        let zeroed = Data(whole[..<(mdat + 4)] + [UInt8](repeating: 0, count: whole.count - mdat - 4))
        #expect(try ImageDecoder.info(zeroed) == ImageDecoder.info(Data(whole)))
        #expect(throws: ImageDecodingError.self) { try ImageDecoder.decode(zeroed) }
    }

    @Test(.enabled(if: devSetPresent, "needs ../shared/data/dev"))
    func devFilesDescribeThemselves() throws {
        let heic = try ImageDecoder.info(Self.data("dev/real/exif-samples__heic__IMG_5195.HEIC"))
        #expect(heic.width == 2566 && heic.height == 3313 && heic.bitDepth == 8 && heic.colourModel == "HEVC")
        #expect(heic.hasEXIF && heic.hasXMP && heic.hasICCProfile && !heic.hasAlpha)
        let avif = try ImageDecoder.info(Self.data("dev/real/c2pa-rs__sdk__tests__fixtures__sample1.avif"))
        #expect(avif.width == 1204 && avif.height == 800 && avif.bitDepth == 10 && avif.colourModel == "AV1")
    }

    @Test(arguments: ["heic_420.heic", "avif_420.avif"])
    func thePixelLimitRefusesBeforeDecoding(name: String) throws {
        let data = try Self.data(name)
        let info = try ImageDecoder.info(data)
        let limit = info.pixelCount - 1
        #expect(throws: ImageDecodingError.tooLarge(width: info.storedWidth, height: info.storedHeight, limit: limit)) {
            try ImageDecoder.decode(data, options: DecodingOptions(maxPixels: limit))
        }
        #expect(try ImageDecoder.decode(data, options: DecodingOptions(maxPixels: info.pixelCount)).image.width == info.width)
    }

    /// A forged coded size (`ispe`) is refused from the header: by the pixel limit, or, beyond
    /// libheif's per-side limit, by libheif while it reads the container.
    @Test(arguments: ["heic_420.heic", "avif_420.avif"])
    func aForgedHugeSizeIsRefusedBeforeDecoding(name: String) throws {
        let original = try [UInt8](Self.data(name))
        let ispe = try #require(original.indices.first { original[$0...].starts(with: Array("ispe".utf8)) })
        func forged(_ side: UInt32) -> Data {
            var bytes = original
            let big = [UInt8(side >> 24), UInt8(side >> 16 & 0xFF), UInt8(side >> 8 & 0xFF), UInt8(side & 0xFF)]
            bytes.replaceSubrange(ispe + 8..<ispe + 16, with: big + big)  // after the version and flags
            return Data(bytes)
        }
        #expect(throws: ImageDecodingError.tooLarge(width: 30_000, height: 30_000, limit: 64_000_000)) {
            try ImageDecoder.decode(forged(30_000))
        }
        #expect(try ImageDecoder.info(forged(30_000)).storedWidth == 30_000)
        let refused = Self.decodingError(forged(100_000), options: DecodingOptions(maxPixels: 20_000_000_000))
        guard case let .unsupportedFeature(format, detail)? = refused else {
            Issue.record("a 100000×100000 image: \(String(describing: refused))")
            return
        }
        #expect(format == ImageFormat.detect(original) && detail.contains("exceeds"), "\(detail)")
    }

    @Test(arguments: fixtures)
    func truncatedFilesGiveTypedErrors(name: String) throws {
        let bytes = try [UInt8](Self.data(name))
        let format = try #require(ImageFormat.detect(bytes))
        for length in [12, 16, 24, 40, 100, bytes.count / 3, bytes.count / 2, bytes.count * 3 / 4, bytes.count - 1] {
            switch Self.decodingError(Data(bytes[..<length])) {
            case let .truncated(errorFormat, detail)?, let .corrupt(errorFormat, detail)?:
                #expect(errorFormat == format && !detail.isEmpty, "\(name) cut to \(length)")
            case let error:
                Issue.record("\(name) cut to \(length) of \(bytes.count) bytes: \(String(describing: error))")
            }
        }
    }

    @Test(.enabled(if: devSetPresent, "needs ../shared/data/dev"))
    func metadataBlocksAreReadForTheMetadataReaders() throws {
        let metadata = try HEIFMetadata.read(Self.data("dev/real/exif-samples__heic__IMG_5195.HEIC"))
        #expect(metadata.exif.count == 1 && metadata.xmp.count == 1)
        #expect(metadata.exif.first?.starts(with: Array("MM".utf8)) == true || metadata.exif.first?.starts(with: Array("II".utf8)) == true)
        #expect(String(decoding: metadata.xmp.first ?? [], as: UTF8.self).contains("rdf:RDF"))
        #expect(try HEIFMetadata.read(Self.data("dev/real/c2pa-rs__sdk__tests__fixtures__sample1.avif")) == HEIFMetadata())
    }

    @Test func metadataOfOtherFormatsIsRefused() throws {
        #expect(throws: ImageDecodingError.unsupportedFormat("PNG")) {
            try HEIFMetadata.read(Fixtures.data("decode/synthetic/png_rgb.png"))
        }
        #expect(throws: ImageDecodingError.empty) { try HEIFMetadata.read(Data()) }
    }
}
