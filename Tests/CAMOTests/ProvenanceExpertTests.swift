import CAMO
import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// The provenance expert believes a C2PA manifest only when it validates against the file.
@Suite struct ProvenanceExpertTests {
    static func opinion(_ fixture: String, expert: ProvenanceExpert = ProvenanceExpert()) async throws -> ExpertOpinion {
        let image = ImageContext.sample(width: 16, height: 16).image
        let context = ImageContext(id: fixture, bytes: try Fixtures.data(fixture), image: image, gate: StubGate())
        return try await expert.opinion(for: context)
    }

    @Test(arguments: ["c2pa/signed-es256.jpg", "c2pa/signed-es256.avif", "c2pa/signed-es256.heic"])
    func aValidGenerativeManifestDecidesAndNamesItsValidation(fixture: String) async throws {
        let opinion = try await Self.opinion(fixture)
        #expect(opinion.applicable && opinion.pFake == 0.99)
        #expect(opinion.evidence["c2pa.validation"] == "Valid: claimSignature.insideValidity, claimSignature.validated, signingCredential.untrusted")
    }

    @Test(arguments: ["c2pa/pasted-manifest.jpg", "c2pa/claim-byte-changed.jpg", "c2pa/image-byte-changed.jpg",
                      "c2pa/bmff-pasted-manifest.avif", "c2pa/bmff-image-byte-changed.avif", "c2pa/bmff-box-inserted.avif"])
    func aTamperedGenerativeManifestIsNotApplicableWithItsFailingCodes(fixture: String) async throws {
        let opinion = try await Self.opinion(fixture)
        #expect(!opinion.applicable)
        #expect(opinion.reason?.contains("failed validation") == true, "\(opinion.reason ?? "")")
        #expect(opinion.evidence["c2pa.validation"]?.hasPrefix("Invalid, tampered or forged: ") == true)
    }

    /// A camera's capture declaration speaks for a real image only when its signer is trusted:
    /// anyone can sign "digitalCapture" with a certificate of their own.
    @Test func aCaptureDeclaredByATrustedSignerIsEvidenceOfARealImage() async throws {
        let trust = try C2PATrustList(contentsOf: Fixtures.url("forensics/c2pa-test-credentials/ca.pem"))
        let trusted = try await Self.opinion("forensics/metadata/c2pa-capture.png",
                                             expert: ProvenanceExpert(c2paValidator: C2PAValidator(trustList: trust)))
        #expect(trusted.applicable && trusted.pFake == ProvenanceAnalyzer.trustedCapturePFake)
        #expect(trusted.evidence["evidence.0"]?.contains("digitalCapture") == true, "\(trusted.evidence)")
        let untrusted = try await Self.opinion("forensics/metadata/c2pa-capture.png")
        #expect(!untrusted.applicable)
        #expect(untrusted.evidence["c2pa.validation"]?.hasPrefix("Valid: ") == true)
    }

    @Test func aGenerativeManifestIsNeverTakenForACaptureEvenWhenTrusted() async throws {
        let trust = try C2PATrustList(contentsOf: Fixtures.url("c2pa/trust/testca.pem"))
        let opinion = try await Self.opinion("c2pa/signed-testca.jpg", expert: ProvenanceExpert(c2paValidator: C2PAValidator(trustList: trust)))
        #expect(opinion.applicable && opinion.pFake == 0.99)
    }

    @Test func theValidatorsTrustListDecidesWhetherTheSignerIsTrusted() async throws {
        let trust = try C2PATrustList(contentsOf: Fixtures.url("c2pa/trust/testca.pem"))
        let opinion = try await Self.opinion("c2pa/signed-testca.jpg", expert: ProvenanceExpert(c2paValidator: C2PAValidator(trustList: trust)))
        #expect(opinion.applicable)
        #expect(opinion.evidence["c2pa.validation"]?.hasPrefix("Trusted: ") == true)
    }
}

/// A pipeline names its C2PA trust anchors (`options: {c2pa_trust_anchors: FILE}`), relative to the pipeline file.
@Suite struct ProvenanceTrustConfigurationTests {
    /// An evidence-only pipeline beside a copy of `anchors` named `anchors.pem`.
    func pipeline(options: String, anchors: String = "c2pa/trust/testca.pem") throws -> Pipeline {
        let folder = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url(anchors), to: folder.appendingPathComponent("anchors.pem"))
        let url = folder.appendingPathComponent("trust.yaml")
        try Data("""
            name: trust
            gate: {face_detector: none, object_detector: none, landmarks: none}
            experts:
              - {name: provenance, kind: provenance, serves: [evidence], decisive: true\(options)}
            """.utf8).write(to: url)
        return try Pipeline.load(contentsOf: url, models: ModelRegistry(entries: []))
    }

    @Test func theAnchorsNamedByThePipelineMakeItsSignerTrusted() async throws {
        let expert = try #require(try pipeline(options: ", options: {c2pa_trust_anchors: anchors.pem}").experts.first?.expert
            as? ProvenanceExpert)
        let opinion = try await ProvenanceExpertTests.opinion("c2pa/signed-testca.jpg", expert: expert)
        #expect(opinion.evidence["c2pa.validation"]?.hasPrefix("Trusted: ") == true)
    }

    @Test func aPipelineThatTrustsTheCameraSignerCallsItsCaptureReal() async throws {
        let pipeline = try pipeline(options: ", options: {c2pa_trust_anchors: anchors.pem}", anchors: "forensics/c2pa-test-credentials/ca.pem")
        let result = await pipeline.detect(bytes: try Fixtures.data("forensics/metadata/c2pa-capture.png"), id: "capture")
        #expect(result.verdict == .real && result.basis == .evidence, "\(result.reason)")
        #expect(result.reason.hasSuffix("evidence of a real capture."), "\(result.reason)")
    }

    @Test func aTrustListThatCannotBeReadIsRefusedAtItsKey() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try pipeline(options: ", options: {c2pa_trust_anchors: missing.pem}")
        }
        #expect(error.keyPath == "experts.provenance.options.c2pa_trust_anchors")
        #expect(error.message.contains("missing.pem"))
        #expect(throws: ConfigurationError.self) { try pipeline(options: ", options: {anchors: x.pem}") }
    }
}
