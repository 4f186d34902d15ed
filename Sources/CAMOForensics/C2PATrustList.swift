import Foundation
import SwiftASN1

/// The certificates a user trusts to issue C2PA signing credentials (PEM, as c2pa-rs's
/// `trust.trust_anchors`). A signer is trusted only when its chain ends at one of them.
public struct C2PATrustList: Sendable {
    var anchors: [C2PACertificate]

    /// Parses every `CERTIFICATE` block in `pem`; other PEM blocks (keys) are ignored.
    public init(pem: String) throws(C2PAValidationError) {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch { throw .badCertificate("trust list is not PEM: \(error)") }
        var anchors: [C2PACertificate] = []
        for (index, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do { anchors.append(try C2PACertificate(der: document.derBytes)) } catch {
                throw .badCertificate("trust anchor \(index + 1): \(error)")
            }
        }
        guard !anchors.isEmpty else { throw .badCertificate("trust list holds no CERTIFICATE block") }
        self.anchors = anchors
    }

    /// Reads a PEM file of trust anchors.
    public init(contentsOf url: URL) throws {
        try self.init(pem: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    public var count: Int { anchors.count }
}
