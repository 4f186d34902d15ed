import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// `camo detect` as a person runs it, with the shipped default pipeline: hard evidence gives `fake`, and an image
/// whose evidence was stripped is `uncertain`, never a confident `real`.
@Suite(.enabled(if: ServeProcessTests.binary != nil
                && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)
                && FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct DetectCommandProcessTests {
    static let flux = Fixtures.devDataDirectory.appendingPathComponent("fake/ComfyUI_examples__flux__flux_schnell_example.png")

    /// Runs the binary and returns its standard output and exit status.
    func camo(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = try #require(ServeProcessTests.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CAMO_HOME"] = Fixtures.repositoryRoot.path
        environment["CAMO_MODELS"] = Fixtures.modelsDirectory.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// The Flux image's pixels as a PNG with no text chunks: what is left after metadata is stripped.
    func strippedFlux() throws -> URL {
        let image = try ImageDecoder.decode(Data(contentsOf: Self.flux)).image
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("flux-stripped.png")
        try ImageEncoder.png(image).write(to: url)
        return url
    }

    @Test func evidenceDecidesAndAStrippedGeneratedImageIsUncertainNotReal() throws {
        let stripped = try strippedFlux()
        let run = try camo(["detect", "--json", Self.flux.path, stripped.path])
        #expect(run.status == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[0]["verdict"] as? String == "fake" && results[0]["basis"] as? String == "evidence")
        #expect((results[0]["reason"] as? String)?.contains("provenance found") == true)
        #expect(results[1]["verdict"] as? String == "uncertain" && results[1]["basis"] as? String == "none")
        #expect(results[1]["p_fake"] as? Double == 0.5)
        #expect((results[1]["reason"] as? String)?.hasPrefix("No generator metadata, manifest or watermark") == true)
    }

    @Test func theTableShowsTheBasisAndTheSentence() throws {
        let run = try camo(["detect", try strippedFlux().path])
        let lines = run.output.split(separator: "\n")
        #expect(lines.first?.contains("basis") == true)
        let row = try #require(lines.last)
        #expect(row.contains("uncertain") && row.contains("none") && row.contains("not informative on images like this"))
    }

    @Test func csvHasAHeaderAndOneRowPerImageWithEachExpertsScore() throws {
        let run = try camo(["detect", "--csv", Self.flux.path, try strippedFlux().path])
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "path,verdict,p_fake,p_fake_raw,basis,reason,route,mesonet-df,mesonet-f2f,tiny-ladeda,provenance,watermark")
        #expect(lines[1].hasPrefix(Self.flux.path + ",fake,0.990000,0.990000,evidence,provenance found PNG tEXt"))
        // The reason holds commas, so it is quoted; the stripped image's general expert has a score, the face experts none.
        #expect(lines[2].contains(",uncertain,0.500000,") && lines[2].contains(",none,\"No generator metadata, manifest"))
    }

    @Test func metadataGoesOnPastABadFileAndExitsOne() throws {
        let folder = try Fixtures.temporaryDirectory()
        let bad = folder.appendingPathComponent("bad.heic")
        try Data("not an image at all".utf8).write(to: bad)
        let run = try camo(["image", "metadata", "--json", bad.path, Self.flux.path])
        #expect(run.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["file"] as? String == bad.path && entries[0]["error"] is String)
        #expect(entries[1]["file"] as? String == Self.flux.path && entries[1]["provenance"] != nil)
    }

    @Test func theBudgetFlagsAreChecked() throws {
        #expect(try camo(["detect", "--alpha", "0", Self.flux.path]).status == 2)
        #expect(try camo(["detect", "--beta", "1.5", Self.flux.path]).status == 2)
    }
}

/// `camo image c2pa` as a person runs it: the store, its validation as c2pa-rs names it, and trust from a PEM file.
@Suite(.enabled(if: ServeProcessTests.binary != nil && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)))
struct ImageC2PACommandProcessTests {
    @Test func validationStateCodesAndTrustAreReported() throws {
        let signed = Fixtures.url("c2pa/signed-testca.jpg").path
        let pasted = Fixtures.url("c2pa/pasted-manifest.jpg").path
        let plain = Fixtures.devDataDirectory.appendingPathComponent("real/deepface__tests__unit__dataset__img10.jpg").path
        let run = try DetectCommandProcessTests().camo(["image", "c2pa", "--json", signed, pasted, plain])
        #expect(run.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let states = entries.map { (($0["c2pa"] as? [String: Any])?["validation"] as? [String: Any])?["state"] as? String }
        #expect(states == ["Valid", "Invalid", nil])
        let trusted = try DetectCommandProcessTests().camo(["image", "c2pa", "--trust-anchors", Fixtures.url("c2pa/trust/testca.pem").path, signed])
        #expect(trusted.output.contains("validation: Trusted") && trusted.output.contains("signingCredential.trusted"))
    }
}
