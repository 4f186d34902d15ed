import CAMOForensics
import CAMOTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// MP4 and MOV clips signed by c2pa-rs (`scripts/oracles/c2pa_validation.py`): their store is found
/// in the top-level C2PA `uuid` box and their `c2pa.hash.bmff` binding recomputed, from memory or
/// streamed from disk without loading the file. The state and codes c2pa-rs gives each clip are
/// checked in `C2PAValidatorTests` with every other fixture.
@Suite struct BMFFVideoTests {
    static let clips = C2PAValidatorTests.paths.filter { $0.hasSuffix(".mp4") || $0.hasSuffix(".mov") }
        .map { URL(fileURLWithPath: $0).lastPathComponent }

    /// The signed clips and the tampered ones made from them, by how they were tampered with.
    static let tampered = ["mp4-mdat-byte-changed.mp4", "mp4-pasted-manifest.mp4", "mp4-box-inserted.mp4",
                           "mov-mdat-byte-changed.mov", "mov-pasted-manifest.mov", "mov-box-inserted.mov", "mov-free-box-inserted.mov"]

    @Test func theOracleListsEveryClip() {
        #expect(Self.clips.count == 12, "\(Self.clips)")
        #expect(Set(Self.tampered).isSubset(of: Self.clips))
    }

    @Test(arguments: [("signed-es256.mp4", ImageMetadata.Container.mp4), ("signed-es256.mov", .mov),
                      ("signed-es256-fragmented.mp4", .mp4)])
    func aSignedClipIsReadFromDiskAndItsBMFFBindingMatches(name: String, container: ImageMetadata.Container) throws {
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/\(name)"))
        #expect(metadata.container == container)
        let store = try #require(metadata.c2pa)
        #expect(store.source == "BMFF C2PA uuid box")
        let validation = try #require(store.validation)
        #expect(validation.state == .valid)
        #expect(validation.isBoundToAsset && validation.statusCodes.contains(.bmffHashMatch), "\(validation.statuses)")
        #expect(validation.unchecked.isEmpty, "\(validation.unchecked)")
        #expect(store.activeManifest?.actions.first?.digitalSourceType?.hasSuffix("/trainedAlgorithmicMedia") == true)
        #expect(metadata.notes.isEmpty, "\(metadata.notes)")
    }

    /// Reading a clip from disk (box headers, the store, the hashed bytes streamed) concludes exactly
    /// what reading it from memory does.
    @Test(arguments: clips)
    func readingFromDiskEqualsReadingFromMemory(name: String) throws {
        let url = Fixtures.url("c2pa/\(name)")
        let validator = C2PAValidator(validationTime: Date())  // explanations name the time
        let fromDisk = try MetadataReader.read(contentsOf: url, c2paValidator: validator)
        let fromMemory = try MetadataReader.read(Data(contentsOf: url), c2paValidator: validator)
        #expect(fromDisk == fromMemory)
        #expect(fromDisk.c2pa?.validation != nil)
    }

    /// A changed `mdat` byte, a manifest pasted into another clip, a box (even an excluded `free` box)
    /// inserted after `mdat`: the binding fails, while the signature still verifies.
    @Test(arguments: tampered)
    func aTamperedClipFailsItsBMFFBinding(name: String) throws {
        let validation = try #require(try MetadataReader.read(contentsOf: Fixtures.url("c2pa/\(name)")).c2pa?.validation)
        #expect(validation.state == .invalid)
        #expect(validation.failures.map(\.code) == [.bmffHashMismatch], "\(validation.statuses)")
        #expect(validation.statuses.contains { $0.code == .claimSignatureValidated })
    }

    /// c2pa-rs can leave a clip's `mdat` payload out of the whole-file hash and cover it with Merkle
    /// trees instead, which CAMO does not verify: such a manifest is never shown to belong to the
    /// clip, changed or not (c2pa-rs finds the changed one Invalid through its trees).
    @Test(arguments: ["signed-es256-merkle.mp4", "merkle-mdat-byte-changed.mp4"])
    func aMerkleBindingIsNeverTakenAsShown(name: String) throws {
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/\(name)"))
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .valid)
        #expect(!validation.isBoundToAsset)
        #expect(!validation.statusCodes.contains(.bmffHashMatch))
        #expect(validation.unchecked.contains { $0.contains("Merkle trees") && $0.contains("not shown to belong") }, "\(validation.unchecked)")
        let report = ProvenanceAnalyzer().analyze(metadata)
        #expect(!report.applicable, "\(report.evidence)")
        let manifest = try #require(report.context.first { $0.kind == .c2paManifest })
        #expect(manifest.detail.contains("not shown to belong to this file"), "\(manifest.detail)")
    }

    /// Byte edits in the hashed boxes of signed clips (box sizes and types, `moov`, `moof`, `mdat`),
    /// read from memory and from disk: read or refused with a note, never a crash or a hang, and
    /// never Valid. The boxes the binding excludes (`ftyp`, the C2PA `uuid`, `free`, `skip`, `mfra`)
    /// are left alone.
    @Test func mutatedBoxesOfSignedClipsAreNeverValidated() throws {
        var random = SeededGenerator(state: 20_261_209)
        let directory = try Fixtures.temporaryDirectory("camo-video-mutations")
        defer { try? FileManager.default.removeItem(at: directory) }
        var invalid = 0, fromDisk = 0
        for name in ["signed-es256.mp4", "signed-es256.mov", "signed-es256-fragmented.mp4"] {
            let original = [UInt8](try Fixtures.data("c2pa/\(name)"))
            let hashed = C2PAValidatorTests.topLevelBoxes(original).filter { !["ftyp", "uuid", "free", "skip", "mfra"].contains($0.type) }
                .flatMap(\.range)
            for round in 0..<150 {
                var variant = original
                let position = hashed[Int.random(in: 0..<hashed.count, using: &random)]
                variant[position] ^= UInt8.random(in: 1...255, using: &random)
                let metadata: ImageMetadata?
                if round % 5 == 0 {
                    let url = directory.appendingPathComponent(name)
                    try Data(variant).write(to: url)
                    metadata = try? MetadataReader.read(contentsOf: url)
                    fromDisk += 1
                } else {
                    metadata = try? MetadataReader.read(Data(variant))
                }
                guard let validation = metadata?.c2pa?.validation else { continue }
                #expect(validation.state == .invalid, "\(name): byte \(position) changed, still \(validation.state)")
                invalid += validation.state == .invalid ? 1 : 0
            }
        }
        #expect(fromDisk == 90)
        #expect(invalid > 300, "only \(invalid) variants were read and invalid")
    }

    /// A clip of several gigabytes is read from its box headers: a 3 GiB `free` box (sparse on disk)
    /// appended to the signed MP4 is excluded by the binding, so it is neither hashed nor loaded,
    /// and the manifest still matches, as c2pa-rs would find.
    @Test func aGigabyteClipIsNeverLoadedWhole() throws {
        let directory = try Fixtures.temporaryDirectory("camo-video-large")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("large.mp4")
        let signed = try Fixtures.data("c2pa/signed-es256.mp4")
        let padding: UInt64 = 3 << 30
        // A `free` box with a 64-bit size: size 1, type, large size, then the (sparse) padding.
        var header = Data([0, 0, 0, 1] + Array("free".utf8))
        header.append(contentsOf: (0..<8).reversed().map { UInt8(truncatingIfNeeded: (padding + 16) >> (8 * UInt64($0))) })
        try (signed + header).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(signed.count) + 16 + padding)
        try handle.close()

        let before = Self.peakResidentBytes()
        let metadata = try MetadataReader.read(contentsOf: url)
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .valid && validation.isBoundToAsset, "\(validation.statuses)")
        #expect(metadata.notes.isEmpty, "\(metadata.notes)")
        if let before, let after = Self.peakResidentBytes() {
            #expect(after - before < 1 << 30, "peak resident memory grew by \(after - before) bytes")
        }
    }

    /// An XMP packet longer than the 1 MiB pieces a file is read in is put back together in order:
    /// its DigitalSourceType, 2.5 MiB in, is found from disk as from memory.
    @Test func aLongXMPBoxIsReadAcrossChunks() throws {
        let padding = String(repeating: " ", count: 5 << 19)
        let xml = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + padding + "<rdf:Description Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"/>"
            + "</rdf:RDF></x:xmpmeta>"
        let xmpUUID: [UInt8] = [0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac]
        let body = xmpUUID + Array(xml.utf8)
        let box = Self.bigEndian32(8 + body.count) + Array("uuid".utf8) + body
        let clip = [UInt8](try Fixtures.data("c2pa/signed-es256.mov"))
        let directory = try Fixtures.temporaryDirectory("camo-video-xmp")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("xmp.mov")
        try Data(clip + box).write(to: url)

        var limits = MetadataLimits()
        limits.maxTextBytes = 4 << 20
        let metadata = try MetadataReader.read(contentsOf: url, limits: limits)
        let packet = try #require(metadata.xmp.first)
        #expect(packet.source == "BMFF XMP uuid box" && !packet.truncated)
        #expect(packet.properties["Iptc4xmpExt:DigitalSourceType"]?.hasSuffix("trainedAlgorithmicMedia") == true)
        let validator = C2PAValidator(limits: limits, validationTime: Date())  // explanations name the time
        #expect(try MetadataReader.read(contentsOf: url, limits: limits, c2paValidator: validator)
                == MetadataReader.read(Data(contentsOf: url), limits: limits, c2paValidator: validator))
        // The box sits after `moov`: a box the binding does not exclude, so the manifest no longer matches.
        #expect(metadata.c2pa?.validation?.failures.map(\.code) == [.bmffHashMismatch])

        // At the default 1 MiB, the packet is cut and noted.
        let cut = try MetadataReader.read(contentsOf: url)
        #expect(cut.xmp.first?.truncated == true)
        #expect(cut.notes.contains { $0.contains("XMP packet longer than") }, "\(cut.notes)")
    }

    @Test func aStoreLargerThanTheJUMBFLimitIsANoteAndNeverRead() throws {
        var limits = MetadataLimits()
        limits.maxJUMBFBytes = 1000
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/signed-es256.mp4"), limits: limits)
        #expect(metadata.c2pa == nil)
        #expect(metadata.notes.contains { $0.hasPrefix("BMFF C2PA uuid box: JUMBF data of") && $0.hasSuffix("exceeds the limit of 1000") },
                "\(metadata.notes)")
    }

    /// More boxes than the limits allow: the store is still found among the top-level boxes, but the
    /// binding is not checked, so the manifest is Valid at most and never shown to belong to the clip.
    @Test func tooManyBoxesLeaveTheBindingUnchecked() throws {
        var limits = MetadataLimits()
        limits.maxBlocks = 1  // at most 16 boxes: the signed MP4's two tracks have more
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/signed-es256.mp4"), limits: limits)
        #expect(metadata.notes == ["BMFF: BMFF box count exceeds the limit of 16"])
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .valid && !validation.isBoundToAsset, "\(validation.statuses)")
        #expect(validation.unchecked.contains { $0.contains("exceeds the limit of 16") }, "\(validation.unchecked)")
    }

    @Test func aVideoBrandWithoutAnyMetadataIsReadAsEmpty() throws {
        // ftyp (isom, mp41), then an empty mdat.
        let ftyp = Self.bigEndian32(24) + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isommp41".utf8)
        let metadata = try MetadataReader.read(Data(ftyp + Self.bigEndian32(8) + Array("mdat".utf8)))
        #expect(metadata.container == .mp4 && metadata.isEmpty && metadata.notes.isEmpty)
        let quickTime = Self.bigEndian32(20) + Array("ftypqt  ".utf8) + [0, 0, 2, 0] + Array("qt  ".utf8)
        #expect(try MetadataReader.read(Data(quickTime)).container == .mov)
        // An unknown brand is no video this reader knows.
        let other = Self.bigEndian32(16) + Array("ftypabcd".utf8) + [0, 0, 0, 0]
        #expect(throws: MetadataReaderError.self) { try MetadataReader.read(Data(other)) }
    }

    static func bigEndian32(_ value: Int) -> [UInt8] {
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The process's peak resident memory so far, in bytes.
    static func peakResidentBytes() -> Int? {
        #if canImport(Glibc)
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return usage.ru_maxrss * 1024
        #else
        return nil
        #endif
    }
}
