import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// The claim signer's certificate profile against c2pa-rs: for each certificate the oracle made
/// (`scripts/oracles/c2pa_certificate_profile.py`), c2pa-rs accepted it for signing and validation or
/// refused it, and the profile here agrees.
@Suite struct C2PACertificateProfileTests {
    static let expected: [String: String] = {
        let data = try! Fixtures.data("c2pa/profile/expected.json")
        return try! JSONDecoder().decode([String: String].self, from: data)
    }()

    @Test(arguments: expected.keys.sorted())
    func theProfileAcceptsExactlyTheCertificatesC2PARSAccepts(variant: String) throws {
        let pem = String(decoding: try Fixtures.data("c2pa/profile/\(variant).pem"), as: UTF8.self)
        let problem = try C2PACertificateProfile.problem(withLeafOf: pem)
        #expect((problem == nil ? "accepted" : "rejected") == Self.expected[variant], "\(variant): \(problem ?? "accepted")")
    }

    /// Every signer in the C2PA fixtures that c2pa-rs validates meets the profile here too: the
    /// validator tests would report signingCredential.invalid otherwise. The test credentials CAMO's
    /// own fixtures are signed with are checked directly.
    @Test func theTestSigningCredentialsMeetTheProfile() throws {
        for name in ["es256", "es384", "es512", "ps256", "ed25519"] {
            let pem = try String(contentsOf: C2PAValidationOracle.url("../shared/data/c2pa/certs/\(name).pub"), encoding: .utf8)
            #expect(try C2PACertificateProfile.problem(withLeafOf: pem) == nil, "\(name)")
        }
    }
}
