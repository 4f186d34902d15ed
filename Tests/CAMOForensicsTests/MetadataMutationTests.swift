import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// Seeded mutations of every metadata fixture: the reader and analyzer must survive all of them.
@Suite struct MetadataMutationTests {
    static let variantsPerFixture = 400

    static func mutate(_ original: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        // Metadata sits near the start of these files; aim most edits there.
        func position() -> Int {
            let span = Bool.random(using: &random) ? min(bytes.count, 4096) : bytes.count
            return Int.random(in: 0..<max(span, 1), using: &random)
        }
        for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                bytes[position()] ^= UInt8.random(in: 1...255, using: &random)
            case 1:
                bytes.removeSubrange(position()...)
            case 2:
                let at = position()
                let value: [UInt8] = Bool.random(using: &random) ? [0xFF, 0xFF, 0xFF, 0xFF] : [0x7F, 0xFF, 0xFF, 0xF0]
                for (i, byte) in value.enumerated() where at + i < bytes.count { bytes[at + i] = byte }
            case 3:
                let start = position()
                let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: bytes[start..<end], at: position())
            default:
                let start = position()
                bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...32, using: &random)))
            }
        }
        return bytes
    }

    @Test func mutatedFixturesNeverCrash() throws {
        let names = try ForensicsOracle.fixtures().keys.sorted()
        var random = SeededGenerator(state: 20_261_127)
        let analyzer = ProvenanceAnalyzer()
        var read = 0, refused = 0, noted = 0
        for name in names {
            let original = [UInt8](try Fixtures.data("forensics/metadata/\(name)"))
            for _ in 0..<Self.variantsPerFixture {
                let variant = Self.mutate(original, using: &random)
                do {
                    let metadata = try MetadataReader.read(Data(variant))
                    _ = analyzer.analyze(metadata)
                    read += 1
                    if !metadata.notes.isEmpty { noted += 1 }
                } catch {
                    refused += 1
                }
            }
        }
        #expect(read + refused == names.count * Self.variantsPerFixture)
        // Mutations must actually reach the parsers: many variants are read and many are noted as malformed.
        #expect(read > refused)
        #expect(noted > read / 4, "only \(noted) of \(read) variants produced a note")
    }
}
