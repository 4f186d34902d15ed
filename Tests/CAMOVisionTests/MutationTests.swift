import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Thousands of seeded variants of small real files (bit flips, truncations, insertions, corrupted
/// chunk and segment lengths): each must decode or throw `ImageDecodingError`, never crash or hang.
@Suite struct MutationTests {
    /// Paths under `Tests/Fixtures/decode/`.
    static let seeds = [
        "synthetic/jpeg_q85_420.jpg", "synthetic/jpeg_progressive.jpg", "synthetic/jpeg_cmyk_adobe.jpg",
        "synthetic/jpeg_orientation_6.jpg", "synthetic/png_rgb.png", "synthetic/png_palette_trns.png",
        "synthetic/png_rgb_interlaced.png", "synthetic/png_gray_16bit.png", "synthetic/webp_lossy.webp",
        "synthetic/webp_lossless_alpha.webp", "synthetic/webp_orientation_6.webp",
        "heif/heic_orientation_6.heic", "heif/heic_alpha.heic", "heif/avif_orientation_7.avif", "heif/avif_alpha.avif",
    ]

    /// ISO base media boxes whose payload is a sequence of boxes (`meta` after its version and flags).
    static let containerBoxes: [String: Int] = ["meta": 4, "iprp": 0, "ipco": 0, "dinf": 0, "moov": 0, "trak": 0]

    /// Offsets of length fields: PNG chunk lengths, JPEG segment lengths, WebP RIFF/chunk sizes, and the
    /// sizes of HEIF's boxes (top level and inside the containers that hold the item properties).
    static func lengthFields(_ bytes: [UInt8]) -> [(offset: Int, width: Int)] {
        var fields: [(Int, Int)] = []
        switch ImageFormat.detect(bytes) {
        case .png:
            var offset = 8
            while offset + 8 <= bytes.count {
                fields.append((offset, 4))
                let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                offset += 12 + length
            }
        case .jpeg:
            var offset = 2
            while offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] != 0xDA {
                fields.append((offset + 2, 2))
                offset += 2 + (Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
            }
        case .webp:
            fields.append((4, 4))
            var offset = 12
            while offset + 8 <= bytes.count {
                fields.append((offset + 4, 4))
                let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
                offset += 8 + size + (size & 1)
            }
        case .heic, .avif:
            func boxes(from start: Int, to end: Int) {
                var offset = start
                while offset + 8 <= end {
                    fields.append((offset, 4))
                    let size = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                    let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
                    guard size >= 8, offset + size <= end else { return }
                    if let skip = containerBoxes[type] { boxes(from: offset + 8 + skip, to: offset + size) }
                    offset += size
                }
            }
            boxes(from: 0, to: bytes.count)
        default:
            break
        }
        return fields
    }

    static func mutate(_ original: [UInt8], fields: [(offset: Int, width: Int)], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch Int.random(in: 0..<4, using: &random) {
        case 0:  // flip one to eight bits
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            }
        case 1:  // truncate
            bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
        case 2:  // insert random bytes
            let insertion = (0..<Int.random(in: 1...16, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: insertion, at: Int.random(in: 0...bytes.count, using: &random))
        default:  // corrupt a length field: small, huge, or off by a little
            guard let field = fields.randomElement(using: &random) else { break }
            let value: UInt32 = switch Int.random(in: 0..<3, using: &random) {
            case 0: UInt32.random(in: 0...16, using: &random)
            case 1: UInt32.random(in: 0x7FFF_0000...UInt32.max, using: &random)
            default: UInt32.random(in: 0...UInt32.max, using: &random)
            }
            for i in 0..<field.width where field.offset + i < bytes.count {
                bytes[field.offset + i] = UInt8(truncatingIfNeeded: value >> UInt32(8 * (field.width - 1 - i)))
            }
        }
        return bytes
    }

    @Test func mutatedFilesDecodeOrThrowTypedErrors() throws {
        var random = SeededGenerator(state: 20_261_127)
        let variantsPerSeed = 300
        var decoded = 0, refused = 0
        // A small pixel limit keeps a header mutated into a huge size from making the test slow.
        let options = DecodingOptions(maxPixels: 1_000_000)
        for name in Self.seeds {
            let original = try [UInt8](Fixtures.data("decode/\(name)"))
            let fields = Self.lengthFields(original)
            #expect(!fields.isEmpty, "\(name): no length fields found")
            for _ in 0..<variantsPerSeed {
                let variant = Data(Self.mutate(original, fields: fields, using: &random))
                do {
                    let result = try ImageDecoder.decode(variant, options: options)
                    #expect(result.image.pixels.count == result.image.width * result.image.height * 3)
                    decoded += 1
                } catch {
                    #expect(!error.description.isEmpty)  // the typed error always explains itself
                    refused += 1
                }
                _ = try? ImageDecoder.info(variant)
            }
        }
        #expect(decoded + refused == Self.seeds.count * variantsPerSeed)
        // Both outcomes occur: the mutations neither all miss nor all destroy the files.
        #expect(decoded > 100 && refused > 100, "decoded \(decoded), refused \(refused)")
    }
}
