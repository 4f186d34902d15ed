import Foundation

/// The expected HEIC and AVIF decoding results written by `scripts/oracles/decode_heif.py`
/// (pillow-heif for HEIC, Pillow's libavif plugin for AVIF).
public struct HEIFOracle: Decodable, Sendable {
    /// What the oracle decoded for one file.
    public struct Expectation: Decodable, Sendable {
        public var format: String
        public var width: Int
        public var height: Int
        public var sha256: String
        /// Mean of R, G and B over the image.
        public var channelMeans: [Double]
        /// RGB of the `grid × grid` pixels at x = (2i + 1)·width / (2·grid), y likewise, row by row.
        public var gridRGB: [UInt8]
        /// Every RGB byte, for the small fixtures.
        public var rgb: [UInt8]?
        public var hasEXIF: Bool
        public var hasXMP: Bool
        public var hasICC: Bool

        enum CodingKeys: String, CodingKey {
            case format, width, height, sha256, rgb
            case channelMeans = "channel_means", gridRGB = "grid_rgb"
            case hasEXIF = "has_exif", hasXMP = "has_xmp", hasICC = "has_icc"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decode(String.self, forKey: .format)
            width = try container.decode(Int.self, forKey: .width)
            height = try container.decode(Int.self, forKey: .height)
            sha256 = try container.decode(String.self, forKey: .sha256)
            channelMeans = try container.decode([Double].self, forKey: .channelMeans)
            gridRGB = try Self.base64(container, .gridRGB)
            rgb = try container.contains(.rgb) ? Self.base64(container, .rgb) : nil
            hasEXIF = try container.decode(Bool.self, forKey: .hasEXIF)
            hasXMP = try container.decode(Bool.self, forKey: .hasXMP)
            hasICC = try container.decode(Bool.self, forKey: .hasICC)
        }

        private static func base64(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [UInt8] {
            let text = try container.decode(String.self, forKey: key)
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
            }
            return [UInt8](data)
        }
    }

    public var oracle: String
    /// Samples per row and column of `Expectation.gridRGB`.
    public var grid: Int
    /// Keyed by fixture name (`heic_420.heic`), or `dev/` and the path in the dev set.
    public var images: [String: Expectation]

    /// Loads `Tests/Fixtures/decode/heif/expected.json`.
    public static func load() throws -> HEIFOracle {
        try JSONDecoder().decode(HEIFOracle.self, from: Fixtures.data("decode/heif/expected.json"))
    }

    /// The grid positions `Expectation.gridRGB` samples in an image of this size, row by row.
    public func gridPoints(width: Int, height: Int) -> [(x: Int, y: Int)] {
        (0..<grid).flatMap { j in
            (0..<grid).map { i in ((2 * i + 1) * width / (2 * grid), (2 * j + 1) * height / (2 * grid)) }
        }
    }
}
