import CAMOForensics
import CAMOTesting
import Foundation
import Testing

@Suite struct ProvenanceAnalyzerTests {
    static let fixtureNames = (try? ForensicsOracle.fixtures().keys.sorted()) ?? []

    @Test(arguments: fixtureNames)
    func everyPlantedEvidenceIsFound(name: String) throws {
        let expected = try #require(try ForensicsOracle.fixtures()[name])
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(Fixtures.data("forensics/metadata/\(name)")))
        #expect(report.applicable == expected.applicable)
        for wanted in expected.evidence {
            let match = report.evidence.first {
                $0.kind.rawValue == wanted.kind && $0.location.hasPrefix(wanted.location)
                    && (wanted.generator == nil || $0.generator == wanted.generator)
            }
            #expect(match != nil, "\(wanted.kind) at \(wanted.location) in \(report.evidence)")
        }
        if expected.applicable {
            #expect((report.pFake ?? 0) >= 0.9)
        } else {
            #expect(report.pFake == nil)
        }
    }

    @Test func cameraMetadataIsContextNotEvidence() throws {
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(Fixtures.data("forensics/metadata/camera.jpg")))
        #expect(!report.applicable)
        #expect(report.context.contains { $0.kind == .camera && $0.detail.contains("Model=NIKON D90") })
    }

    @Test func aCaptureManifestIsContextOnly() throws {
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(Fixtures.data("forensics/metadata/c2pa-capture.png")))
        #expect(!report.applicable)
        let manifest = try #require(report.context.first { $0.kind == .c2paManifest })
        #expect(manifest.detail.contains("C2PA Valid: ") && manifest.detail.contains("signingCredential.untrusted"), "\(manifest.detail)")
    }

    @Test func aValidManifestDeclaringGenerationIsEvidenceAndSaysItsSignerIsUntrusted() throws {
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(Fixtures.data("c2pa/signed-es256.jpg")))
        let evidence = try #require(report.evidence.first { $0.kind == .c2paGenerativeAction })
        #expect(evidence.detail.contains("trainedAlgorithmicMedia") && evidence.detail.contains("signer not on a trust list"), "\(evidence.detail)")
        #expect(report.pFake == 0.99)
    }

    @Test func aTrustedSignerIsNamedAsTrusted() throws {
        let validator = C2PAValidator(trustList: try C2PATrustList(contentsOf: Fixtures.url("c2pa/trust/testca.pem")))
        let metadata = try MetadataReader.read(Fixtures.data("c2pa/signed-testca.jpg"), c2paValidator: validator)
        let evidence = try #require(ProvenanceAnalyzer().analyze(metadata).evidence.first { $0.kind == .c2paGenerativeAction })
        #expect(evidence.detail.contains("C2PA Trusted") && evidence.detail.contains("trusted signer"), "\(evidence.detail)")
    }

    /// The same generative manifest, altered, pasted into another file, or cut short, is no evidence.
    @Test(arguments: ["claim-byte-changed.jpg", "image-byte-changed.jpg", "pasted-manifest.jpg", "truncated-manifest.jpg"])
    func aTamperedManifestIsNeverEvidence(name: String) throws {
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(Fixtures.data("c2pa/\(name)")))
        #expect(!report.applicable, "\(report.evidence)")
        if let manifest = report.context.first(where: { $0.kind == .c2paManifest }) {
            #expect(manifest.detail.contains("Invalid, tampered or forged"), "\(manifest.detail)")
        }
    }

    /// What the video code reads: `MetadataReader.read(contentsOf:)` on the clip, then the report's
    /// evidence. A clip signed by c2pa-rs with a `c2pa.created` action whose digitalSourceType is
    /// trainedAlgorithmicMedia declares itself AI-made; its validation state says whether to believe it.
    @Test(arguments: ["signed-es256.mp4", "signed-es256.mov"])
    func aValidManifestInAClipDeclaringGenerationIsEvidence(name: String) throws {
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/\(name)"))
        #expect(metadata.c2pa?.validation?.state == .valid)
        let report = ProvenanceAnalyzer().analyze(metadata)
        #expect(report.applicable && report.pFake == 0.99)
        let evidence = try #require(report.evidence.first { $0.kind == .c2paGenerativeAction })
        #expect(evidence.detail.contains("trainedAlgorithmicMedia") && evidence.detail.contains("signer not on a trust list"), "\(evidence.detail)")
        #expect(evidence.generator == "Test Diffusion 1.0")
        #expect(evidence.location.hasPrefix("BMFF C2PA uuid box manifest urn:c2pa:"), "\(evidence.location)")
    }

    /// The same clips with a trust list naming c2pa-rs's test roots: the generative claim is from a trusted signer.
    @Test func aTrustedSignerOfAClipIsNamedAsTrusted() throws {
        let validator = C2PAValidator(trustList: try C2PAValidatorTests.trustList())
        let metadata = try MetadataReader.read(contentsOf: Fixtures.url("c2pa/signed-es256.mp4"), c2paValidator: validator)
        #expect(metadata.c2pa?.validation?.state == .trusted)
        let evidence = try #require(ProvenanceAnalyzer().analyze(metadata).evidence.first { $0.kind == .c2paGenerativeAction })
        #expect(evidence.detail.contains("C2PA Trusted") && evidence.detail.contains("trusted signer"), "\(evidence.detail)")
    }

    /// A clip whose media changed, or whose manifest came from another clip, declares nothing.
    @Test(arguments: BMFFVideoTests.tampered)
    func aTamperedClipsManifestIsNeverEvidence(name: String) throws {
        let report = ProvenanceAnalyzer().analyze(try MetadataReader.read(contentsOf: Fixtures.url("c2pa/\(name)")))
        #expect(!report.applicable, "\(report.evidence)")
        let manifest = try #require(report.context.first { $0.kind == .c2paManifest })
        #expect(manifest.detail.contains("Invalid, tampered or forged: assertion.bmffHash.mismatch"), "\(manifest.detail)")
    }

    @Test func noMetadataIsNotApplicable() {
        let report = ProvenanceAnalyzer().analyze(ImageMetadata(container: .png))
        #expect(!report.applicable)
        #expect(report.pFake == nil)
        #expect(report.evidence.isEmpty)
    }

    @Test func everyGeneratorSignatureNamesItsSource() {
        for signature in GeneratorSignature.all {
            #expect(!signature.source.isEmpty && signature.pFake > 0.5 && signature.pFake <= 1, "\(signature.generator)")
        }
    }

    /// A dev image is called fake by provenance exactly when the independent oracle found generator metadata.
    @Test(.enabled(if: ForensicsOracle.hasDevData))
    func devSetVerdictsMatchTheOracle() throws {
        let analyzer = ProvenanceAnalyzer()
        var applicable = 0
        for (path, expected) in try ForensicsOracle.devProvenance().sorted(by: { $0.key < $1.key }) {
            let data = try Data(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path))
            guard let metadata = try? MetadataReader.read(data) else {
                #expect(!expected.generatorMetadata, "\(path) is unreadable but the oracle found \(expected.reasons)")
                continue
            }
            let report = analyzer.analyze(metadata)
            #expect(report.applicable == expected.generatorMetadata, "\(path): \(report.evidence) vs \(expected.reasons)")
            if report.applicable {
                applicable += 1
                #expect(expected.label == "fake", "\(path) is real but carries generator metadata")
            }
        }
        #expect(applicable > 0)
    }
}
