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

    @Test func aValidGenerativeManifestDecidesAndNamesItsValidation() async throws {
        let opinion = try await Self.opinion("c2pa/signed-es256.jpg")
        #expect(opinion.applicable && opinion.pFake == 0.99)
        #expect(opinion.evidence["c2pa.validation"] == "Valid: claimSignature.insideValidity, claimSignature.validated, signingCredential.untrusted")
    }

    @Test(arguments: ["c2pa/pasted-manifest.jpg", "c2pa/claim-byte-changed.jpg", "c2pa/image-byte-changed.jpg"])
    func aTamperedGenerativeManifestIsNotApplicableWithItsFailingCodes(fixture: String) async throws {
        let opinion = try await Self.opinion(fixture)
        #expect(!opinion.applicable)
        #expect(opinion.reason?.contains("failed validation") == true, "\(opinion.reason ?? "")")
        #expect(opinion.evidence["c2pa.validation"]?.hasPrefix("Invalid, tampered or forged: ") == true)
    }

    @Test func theValidatorsTrustListDecidesWhetherTheSignerIsTrusted() async throws {
        let trust = try C2PATrustList(contentsOf: Fixtures.url("c2pa/trust/testca.pem"))
        let opinion = try await Self.opinion("c2pa/signed-testca.jpg", expert: ProvenanceExpert(c2paValidator: C2PAValidator(trustList: trust)))
        #expect(opinion.applicable)
        #expect(opinion.evidence["c2pa.validation"]?.hasPrefix("Trusted: ") == true)
    }
}
