import CAMOTesting
import Foundation

/// The bits `scripts/oracles/invisible_watermark.py` read with the `invisible-watermark` package.
struct WatermarkFixtures: Decodable {
    struct Fixture: Decodable {
        var payload: String?
        var embedded: String?
        var quality: Int?
        /// Decoded bits by payload length ("32", "48", "136").
        var bits: [String: String]
    }

    var payloads: [String: String]
    var fixtures: [String: Fixture]

    static func load() throws -> WatermarkFixtures {
        try JSONDecoder().decode(WatermarkFixtures.self, from: Fixtures.data("forensics/watermark/expected.json"))
    }

    /// Bits by payload length for every dev image of at least 256×256 pixels.
    static func dev() throws -> [String: [String: String]] {
        try JSONDecoder().decode([String: [String: String]].self, from: Fixtures.data("forensics/dev-watermark.json"))
    }
}
