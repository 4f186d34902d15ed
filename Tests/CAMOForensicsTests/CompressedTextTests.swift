import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// PNG zTXt and compressed iTXt chunks are inflated by zlib within `MetadataLimits.maxInflatedBytes`;
/// streams zlib made are read exactly, damaged ones and bombs become notes.
@Suite struct CompressedTextTests {
    static let parameters = Array("""
        a photo of an astronaut riding a horse, highly detailed
        Negative prompt: blurry, lowres
        Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567890, Size: 1024x1024, Model: sdxl_base_1.0
        """.utf8)

    static func png(_ chunks: [(type: String, body: [UInt8])]) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunks.flatMap { PNGChunk.make($0.type, $0.body) } + PNGChunk.make("IEND", []))
    }

    static func zTXt(_ keyword: String, _ stream: [UInt8]) -> (String, [UInt8]) {
        ("zTXt", Array(keyword.utf8) + [0, 0] + stream)
    }

    @Test(arguments: [0, 1, 6, 9])
    func textCompressedBySystemZlibIsReadExactly(level: Int32) throws {
        let stream = try ZlibStreams.compress(Self.parameters, level: level)
        let metadata = try MetadataReader.read(Self.png([Self.zTXt("parameters", stream)]))
        let text = try #require(metadata.texts.first)
        #expect(text.keyword == "parameters")
        #expect(text.source == "PNG zTXt")
        #expect(text.text == String(decoding: Self.parameters, as: UTF8.self))
        #expect(metadata.notes.isEmpty, "\(metadata.notes)")
    }

    @Test func compressedInternationalTextIsReadAsUTF8() throws {
        let prompt = "café au lait ☕, 東京の夜景"
        let body = try Array("Description".utf8) + [0, 1, 0] + Array("fr".utf8) + [0] + [0] + ZlibStreams.compress(Array(prompt.utf8))
        let metadata = try MetadataReader.read(Self.png([("iTXt", body)]))
        #expect(metadata.texts.map(\.text) == [prompt])
        #expect(metadata.texts.first?.source == "PNG iTXt")
    }

    @Test func bytesAfterTheEndOfTheStreamAreIgnored() throws {
        let stream = try ZlibStreams.compress(Self.parameters) + [0xDE, 0xAD]
        let metadata = try MetadataReader.read(Self.png([Self.zTXt("parameters", stream)]))
        #expect(metadata.texts.map(\.text) == [String(decoding: Self.parameters, as: UTF8.self)])
    }

    @Test func textInflatingToExactlyTheLimitIsKeptAndOneByteMoreIsRefused() throws {
        var limits = MetadataLimits.default
        limits.maxInflatedBytes = 1000
        let exact = try ZlibStreams.compress([UInt8](repeating: 0x41, count: 1000))
        let kept = try MetadataReader.read(Self.png([Self.zTXt("comment", exact)]), limits: limits)
        #expect(kept.texts.first?.text.utf8.count == 1000)
        let over = try ZlibStreams.compress([UInt8](repeating: 0x41, count: 1001))
        let refused = try MetadataReader.read(Self.png([Self.zTXt("comment", over)]), limits: limits)
        #expect(refused.texts.isEmpty)
        #expect(refused.notes == ["PNG zTXt: inflated text exceeds the limit of 1000"])
    }

    /// 100 MB of zeros deflate to about 100 kB; inflating stops at the 4 MiB default instead.
    @Test func zipBombStopsAtTheInflateLimit() throws {
        let bomb = try ZlibStreams.zeros(100_000_000)
        #expect(bomb.count < 200_000)
        let metadata = try MetadataReader.read(Self.png([Self.zTXt("parameters", bomb)]))
        #expect(metadata.texts.isEmpty)
        #expect(metadata.notes == ["PNG zTXt: inflated text exceeds the limit of \(MetadataLimits.default.maxInflatedBytes)"])
    }

    @Test func truncatedStreamsAreNotedAsTruncated() throws {
        let stream = try ZlibStreams.compress(Self.parameters)
        var random = SeededGenerator(seed: 0x7A11)
        for _ in 0..<200 {
            let cut = random.below(stream.count)
            let metadata = try MetadataReader.read(Self.png([Self.zTXt("parameters", Array(stream[..<cut]))]))
            #expect(metadata.texts.isEmpty, "cut at \(cut)")
            #expect(metadata.notes == ["PNG zTXt: zlib stream is truncated at byte \(cut)"], "cut at \(cut)")
        }
    }

    /// zlib checks the header and the Adler-32 of what it inflated, so a flipped bit is noted
    /// rather than read as different text (a flip in the padding after the last block changes nothing).
    @Test func bitFlippedStreamsAreNotedNeverMisread() throws {
        let stream = try ZlibStreams.compress(Self.parameters)
        var random = SeededGenerator(seed: 0xF11B)
        for _ in 0..<500 {
            var damaged = stream
            let bit = random.below(stream.count * 8)
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            let metadata = try MetadataReader.read(Self.png([Self.zTXt("parameters", damaged)]))
            if let text = metadata.texts.first {
                #expect(text.text == String(decoding: Self.parameters, as: UTF8.self), "bit \(bit)")
                #expect(metadata.notes.isEmpty, "bit \(bit): \(metadata.notes)")
            } else {
                #expect(metadata.notes.count == 1 && metadata.notes[0].hasPrefix("PNG zTXt: zlib stream"), "bit \(bit): \(metadata.notes)")
            }
        }
    }

    @Test func corruptStreamNoteSaysWhatZlibFound() throws {
        var stream = try ZlibStreams.compress(Self.parameters)
        stream[stream.count - 1] ^= 0xFF
        let checksum = try MetadataReader.read(Self.png([Self.zTXt("parameters", stream)]))
        #expect(checksum.notes == ["PNG zTXt: zlib stream: incorrect data check at byte \(stream.count)"])
        let header = try MetadataReader.read(Self.png([Self.zTXt("parameters", [0x78, 0x00] + stream.dropFirst(2))]))
        #expect(header.notes == ["PNG zTXt: zlib stream: incorrect header check at byte 2"])
    }
}
