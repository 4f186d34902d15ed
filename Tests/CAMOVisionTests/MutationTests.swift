import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Thousands of seeded variants of small real files (bit flips, truncations, insertions, corrupted
/// chunk and segment lengths): each must decode or throw `ImageDecodingError`, never crash or hang.
@Suite struct MutationTests {
    static let seeds = [
        "jpeg_q85_420.jpg", "jpeg_progressive.jpg", "jpeg_cmyk_adobe.jpg", "jpeg_orientation_6.jpg",
        "png_rgb.png", "png_palette_trns.png", "png_rgb_interlaced.png", "png_gray_16bit.png",
        "webp_lossy.webp", "webp_lossless_alpha.webp", "webp_orientation_6.webp",
    ]

    /// Offsets of length fields: PNG chunk lengths, JPEG segment lengths, WebP RIFF/chunk sizes.
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
            let original = try [UInt8](Fixtures.data("decode/synthetic/\(name)"))
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
