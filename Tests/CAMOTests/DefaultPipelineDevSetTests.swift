import CAMO
import CAMOTesting
import Foundation
import Testing

/// The default pipeline on the dev set: hard routing as the original did it — every image with a detected
/// face goes to the face experts and only to them; every other image goes to the general expert — and verdicts
/// that claim only what the evidence supports.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)
                && FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct DefaultPipelineDevSetTests {
    @Test func everyImageIsRoutedByItsGateDecisionAndCalledOnlyAsFarAsItsCalibrationAllows() async throws {
        let models = try ModelRegistry(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        let pipeline = try Pipeline.load(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("pipelines/default.yaml"), models: models)
        let manifest = try String(contentsOf: Fixtures.devDataDirectory.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let rows = manifest.split(whereSeparator: \.isNewline).dropFirst()
        let paths = rows.compactMap { $0.split(separator: ",").first.map(String.init) }
        // The dev README: fakes whose note ends with generator text chunks or a C2PA manifest carry hard evidence.
        let fakesWithEvidence = Set(rows.filter { $0.hasPrefix("fake/") && ($0.contains("png-text:") || $0.contains("c2pa-manifest")) }
            .compactMap { $0.split(separator: ",").first.map(String.init) })
        #expect(fakesWithEvidence.count >= 50)
        let calibration = try #require(pipeline.calibration, "the default pipeline ships calibrated")
        var counts: [String: Int] = [:]
        var verdicts: [String: Int] = [:]
        var undecodable = 0
        for path in paths {
            let data = try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path))
            let result = await pipeline.detect(bytes: data, id: path)
            guard let route = result.route else {
                undecodable += 1
                #expect(result.verdict == .uncertain && !result.errors.isEmpty, "\(path)")
                continue
            }
            let ran = Set(route.experts.map(\.expert))
            let faceFound = !(result.gate?.faces.isEmpty ?? true)
            #expect(route.content == (faceFound ? .face : .general), "\(path)")
            if faceFound {
                #expect(ran.isSuperset(of: ["mesonet-df", "mesonet-f2f"]) && !ran.contains("tiny-ladeda"), "\(path): \(ran)")
                let faceExperts = result.experts.filter { $0.name.hasPrefix("mesonet") }
                #expect(faceExperts.count == 2 && faceExperts.allSatisfy { $0.applicable }, "\(path)")
            } else {
                #expect(ran.contains("tiny-ladeda") && !ran.contains("mesonet-df"), "\(path): \(ran)")
            }
            #expect(ran.isSuperset(of: ["provenance", "watermark"]), "\(path)")
            #expect(result.errors.isEmpty, "\(path): \(result.errors)")
            let isFake = path.hasPrefix("fake/")
            verdicts["\(isFake ? "fake" : "real") → \(result.verdict.rawValue) (\(result.basis.rawValue))", default: 0] += 1
            if fakesWithEvidence.contains(path) {
                #expect(result.verdict == .fake && result.basis == .evidence, "\(path): \(result.reason)")
            }
            if result.basis == .evidence { #expect(isFake, "evidence called a real image fake: \(path)") }
            if result.verdict != .uncertain { #expect((result.verdict == .fake) == isFake, "\(path): \(result.reason)") }
            if !calibration.combined.informative && result.basis != .evidence {
                #expect(result.verdict == .uncertain && result.basis == VerdictBasis.none && result.pFake == 0.5, "\(path)")
                #expect(result.reason.contains("not informative on images like this (calibrated on \(calibration.data.summary))"))
            }
            counts["\(route.content?.rawValue ?? "?") → \(faceFound ? "face experts" : "general expert")", default: 0] += 1
        }
        print("default pipeline routing on the dev set: \(counts.sorted { $0.key < $1.key }), undecodable \(undecodable)")
        print("default pipeline verdicts on the dev set: \(verdicts.sorted { $0.key < $1.key })")
        #expect(undecodable == 0)
    }
}
