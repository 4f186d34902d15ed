import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// The C2PA store of a HEIF or AVIF file is found in its boxes; broken boxes are notes, never crashes.
@Suite struct BMFFMetadataTests {
    @Test func theManifestStoreOfAnAVIFIsFoundInItsC2PAUUIDBox() throws {
        let metadata = try MetadataReader.read(Fixtures.data("c2pa/signed-es256.avif"))
        let store = try #require(metadata.c2pa)
        #expect(store.source == "BMFF C2PA uuid box")
        #expect(store.validation?.isBoundToAsset == true)
    }

    @Test func aBoxLongerThanTheFileIsANoteNamingTheBox() throws {
        var bytes = [UInt8](try Fixtures.data("c2pa/signed-es256.avif"))
        bytes[0...3] = [0x7F, 0xFF, 0xFF, 0xFF]
        let metadata = try MetadataReader.read(Data(bytes))
        #expect(metadata.c2pa == nil)
        #expect(metadata.notes.contains("BMFF: BMFF 'ftyp' box of 2147483647 bytes points outside its block (offset 0)"), "\(metadata.notes)")
    }

    @Test func nestingDeeperThanTheLimitIsANote() throws {
        // An AVIF's ftyp, then 40 `moov` boxes, each holding the next.
        let ftyp = Array([UInt8](try Fixtures.data("c2pa/signed-es256.avif")).prefix(32))
        var nested: [UInt8] = []
        for depth in (0..<40).reversed() {
            let size = 8 * (40 - depth)
            nested = [0, 0, UInt8(size >> 8), UInt8(size & 0xFF)] + Array("moov".utf8) + nested
        }
        let metadata = try MetadataReader.read(Data(ftyp + nested))
        #expect(metadata.notes.contains("BMFF: BMFF box nesting exceeds the limit of 32"), "\(metadata.notes)")
    }
}
