import Foundation

/// The expected decoding results written by `scripts/oracles/decode_pillow.py`.
public struct PillowOracle: Decodable, Sendable {
    /// What Pillow produced for one file: the RGB result, or the error it raised.
    public struct Expectation: Decodable, Sendable {
        public var format: String?
        public var width: Int?
        public var height: Int?
        public var sha256: String?
        /// Raw RGB bytes, recorded for tiny fixtures only.
        public var pixels: [UInt8]?
        public var error: String?
        /// The EXIF orientation Pillow reads (1 when absent or invalid).
        public var orientation: Int?
        public var hasICC: Bool?
        public var hasEXIF: Bool?
        public var hasXMP: Bool?

        enum CodingKeys: String, CodingKey {
            case format, width, height, sha256, pixels, error, orientation
            case hasICC = "has_icc", hasEXIF = "has_exif", hasXMP = "has_xmp"
        }
    }

    public var oracle: String
    public var images: [String: Expectation]

    /// Loads `Tests/Fixtures/decode/<name>`.
    public static func load(_ name: String) throws -> PillowOracle {
        try JSONDecoder().decode(PillowOracle.self, from: Fixtures.data("decode/\(name)"))
    }
}
