import CAMO
import CAMOTesting
import Foundation
import Testing

@Suite struct ModelRegistryTests {
    let registryFile = Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml")

    @Test func theShippedRegistryParsesAndFlagsResearchOnlyModels() throws {
        let registry = try ModelRegistry(contentsOf: registryFile)
        #expect(registry.entries.count >= 10)
        #expect(try registry.entry(named: "tiny_ladeda").researchOnly)
        #expect(try !registry.entry(named: "yunet_2023mar").researchOnly)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
    func everyRegisteredModelMatchesItsHash() throws {
        let registry = try ModelRegistry(contentsOf: registryFile, directory: Fixtures.modelsDirectory)
        for entry in registry.entries {
            try registry.verify(entry)
        }
    }

    @Test func anAlteredFileIsRefusedWithBothHashes() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = Data("weights".utf8)
        var altered = original
        altered[0] ^= 1
        try altered.write(to: folder.appendingPathComponent("m.onnx"))
        let entry = ModelEntry(
            name: "m", file: "m.onnx", sha256: ModelRegistry.sha256Hex([UInt8](original)), bytes: original.count, task: "test",
            licence: "MIT", researchOnly: false, source: "made by this test", input: "x", inputShape: "[1]", contract: "")
        let registry = ModelRegistry(entries: [entry], directory: folder)
        #expect(throws: ModelError.hashMismatch(
            name: "m", path: folder.appendingPathComponent("m.onnx").path, expected: entry.sha256,
            actual: ModelRegistry.sha256Hex([UInt8](altered)))) {
            _ = try registry.verifiedURL(of: "m")
        }
    }

    @Test func aMissingFileSaysWhereToGetIt() throws {
        let registry = try ModelRegistry(contentsOf: registryFile, directory: URL(fileURLWithPath: "/nonexistent-models"))
        #expect {
            _ = try registry.verifiedURL(of: "yolox_nano_416")
        } throws: { error in
            let message = "\(error)"
            return message.contains("yolox_nano_416") && message.contains("CAMO_MODELS") && message.contains("YOLOX")
        }
    }

    @Test func anUnknownNameListsTheKnownOnes() throws {
        let registry = try ModelRegistry(contentsOf: registryFile)
        #expect { _ = try registry.entry(named: "nope") } throws: { "\($0)".contains("mesonet_meso4_df") }
    }

    @Test func sha256MatchesAKnownVector() {
        #expect(ModelRegistry.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func duplicateNamesAreRefused() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let entry = """
              - name: a
                file: a.onnx
                sha256: "00"
                bytes: 1
                task: t
                licence: MIT
                research_only: false
                source: s
                input: x
                input_shape: "[1]"
                contract: c
            """
        let file = folder.appendingPathComponent("registry.yaml")
        try "models:\n\(entry)\n\(entry)\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { _ = try ModelRegistry(contentsOf: file) } throws: { "\($0)".contains("used twice") }
    }
}
