import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// Hand-built hostile containers: each must be read without a crash, in bounded time, with a note.
@Suite struct MalformedMetadataTests {
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (24 - 8 * $0) & 0xFF) } }

    static func jpeg(_ segments: [(marker: UInt8, payload: [UInt8])]) -> Data {
        var bytes: [UInt8] = [0xFF, 0xD8]
        for (marker, payload) in segments { bytes += [0xFF, marker] + be16(payload.count + 2) + payload }
        bytes += [0xFF, 0xDA] + be16(2) + [0xFF, 0xD9]
        return Data(bytes)
    }

    static func png(_ chunks: [(type: String, body: [UInt8])]) -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for (type, body) in chunks + [("IEND", [])] { bytes += be32(body.count) + Array(type.utf8) + body + [0, 0, 0, 0] }
        return Data(bytes)
    }

    static func exifSegment(_ tiff: [UInt8]) -> (UInt8, [UInt8]) { (0xE1, Array("Exif\0\0".utf8) + tiff) }

    /// A JUMBF superbox with a description label and content boxes.
    static func superbox(_ label: String, _ children: [[UInt8]]) -> [UInt8] {
        let description = [UInt8](repeating: 0, count: 16) + [0x03] + Array(label.utf8) + [0]
        let jumd = be32(description.count + 8) + Array("jumd".utf8) + description
        let body = jumd + children.flatMap { $0 }
        return be32(body.count + 8) + Array("jumb".utf8) + body
    }

    static func contentBox(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(payload.count + 8) + Array(type.utf8) + payload
    }

    @Test func exifIFDLoopIsNoted() throws {
        // IFD0 at 8 with no entries whose next-IFD link points back to itself.
        let tiff = Array("MM".utf8) + [0, 42] + Self.be32(8) + [0, 0] + Self.be32(8)
        let metadata = try MetadataReader.read(Self.jpeg([Self.exifSegment(tiff)]))
        #expect(metadata.notes.contains { $0.contains("loop") }, "\(metadata.notes)")
    }

    @Test func exifValueOutsideTheBlockIsNoted() throws {
        // One ASCII entry of 100 bytes at offset 0x00FFFF00, far outside the block.
        let tiff = Array("MM".utf8) + [0, 42] + Self.be32(8) + [0, 1] + [0x01, 0x31, 0, 2] + Self.be32(100) + Self.be32(0xFFFF00) + Self.be32(0)
        let metadata = try MetadataReader.read(Self.jpeg([Self.exifSegment(tiff)]))
        #expect(metadata.exif.isEmpty)
        #expect(metadata.notes.contains { $0.contains("outside the block") }, "\(metadata.notes)")
    }

    @Test func hugeExifCountsAreNoted() throws {
        // A rational entry claiming 2^31 components, then an IFD claiming 65535 entries.
        let huge = Array("II".utf8) + [42, 0, 8, 0, 0, 0] + [1, 0] + [0x9A, 0x82, 5, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0] + [26, 0, 0, 0]
            + [0xFF, 0xFF]
        let metadata = try MetadataReader.read(Self.jpeg([Self.exifSegment(huge)]))
        #expect(metadata.notes.contains { $0.contains("claims 2147483647 components") }, "\(metadata.notes)")
        #expect(metadata.notes.contains { $0.contains("65535 entries") }, "\(metadata.notes)")
    }

    @Test func brokenXMPIsNotedAndStillSearched() throws {
        let xml = "<x:xmpmeta><rdf:RDF><rdf:Description xmp:CreatorTool=\"Midjourney\" Iptc4xmpExt:DigitalSourceType=\"trainedAlg"
        let metadata = try MetadataReader.read(Self.jpeg([(0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(xml.utf8))]))
        #expect(metadata.notes.contains { $0.contains("not well-formed") })
        #expect(metadata.xmp.first?.properties["xmp:CreatorTool"] == "Midjourney")
        #expect(metadata.xmp.first?.properties["Iptc4xmpExt:DigitalSourceType"] == nil)
    }

    @Test func truncatedJUMBFIsNoted() throws {
        let store = Self.superbox("c2pa", [Self.superbox("urn:c2pa:test", [])])
        let metadata = try MetadataReader.read(Self.png([("caBX", Array(store.dropLast(5)))]))
        #expect(metadata.c2pa == nil)
        #expect(metadata.notes.contains { $0.contains("PNG caBX") && $0.contains("truncated") }, "\(metadata.notes)")
    }

    @Test func deeplyNestedJUMBFIsRefused() throws {
        var box = Self.contentBox("cbor", [0xA0])
        for _ in 0..<2000 { box = Self.superbox("x", [box]) }
        let metadata = try MetadataReader.read(Self.png([("caBX", Self.superbox("c2pa", [box]))]))
        #expect(metadata.c2pa == nil)
        #expect(metadata.notes.contains { $0.contains("JUMBF nesting") }, "\(metadata.notes)")
    }

    @Test func absurdCBORLengthsAreNoted() throws {
        // A claim whose map announces 2^64-1 pairs and an assertion with a 2^63-byte string.
        let claim = Self.superbox("c2pa.claim", [Self.contentBox("cbor", [0xBB] + [UInt8](repeating: 0xFF, count: 8))])
        let actions = Self.superbox("c2pa.actions", [Self.contentBox("cbor", [0x5B, 0x7F] + [UInt8](repeating: 0xFF, count: 7))])
        let manifest = Self.superbox("urn:c2pa:bad", [claim, Self.superbox("c2pa.assertions", [actions])])
        let metadata = try MetadataReader.read(Self.png([("caBX", Self.superbox("c2pa", [manifest]))]))
        let store = try #require(metadata.c2pa)
        #expect(store.manifests.first?.claimGenerator == nil)
        #expect(metadata.notes.contains { $0.contains("C2PA claim") && $0.contains("CBOR map") }, "\(metadata.notes)")
        #expect(metadata.notes.contains { $0.contains("c2pa.actions") && $0.contains("CBOR string") }, "\(metadata.notes)")
    }

    @Test func deeplyNestedCBORIsRefused() throws {
        let nested = [UInt8](repeating: 0x81, count: 5000) + [0x00]
        let claim = Self.superbox("c2pa.claim", [Self.contentBox("cbor", nested)])
        let metadata = try MetadataReader.read(Self.png([("caBX", Self.superbox("c2pa", [Self.superbox("urn:c2pa:deep", [claim])]))]))
        #expect(metadata.notes.contains { $0.contains("CBOR nesting") }, "\(metadata.notes)")
    }

    @Test func fiftyMegabyteTextChunkIsCut() throws {
        let body = Array("parameters\0".utf8) + [UInt8](repeating: 0x41, count: 50 << 20)
        let metadata = try MetadataReader.read(Self.png([("tEXt", body)]))
        let text = try #require(metadata.texts.first)
        #expect(text.truncated)
        #expect(text.text.utf8.count == MetadataLimits.default.maxTextBytes)
        #expect(metadata.notes.contains { $0.contains("was cut") })
    }

    @Test func corruptCompressedTextIsNoted() throws {
        let body = Array("comment\0".utf8) + [0, 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]
        let metadata = try MetadataReader.read(Self.png([("zTXt", body)]))
        #expect(metadata.texts.isEmpty)
        #expect(metadata.notes.contains { $0.hasPrefix("PNG zTXt") }, "\(metadata.notes)")
    }

    @Test func chunkLongerThanTheFileIsNoted() throws {
        var bytes = [UInt8](Self.png([("tEXt", Array("a\0b".utf8))]))
        bytes.replaceSubrange(8..<12, with: Self.be32(0x7FFF_FFF0))
        let metadata = try MetadataReader.read(Data(bytes))
        #expect(metadata.notes.contains { $0.contains("truncated") }, "\(metadata.notes)")
    }
}
