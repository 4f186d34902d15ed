import SwiftASN1

/// The C2PA end-entity certificate profile (C2PA §14.5) that a claim signer's certificate must meet,
/// with the rules and allowed extended key usages c2pa-rs 0.91 applies when it validates: an X.509
/// v3 certificate of a supported algorithm and key size, not a CA, with an authority key identifier,
/// a key usage that allows signing, and an extended key usage from the allowed list that is neither
/// `anyExtendedKeyUsage` nor a time-stamping or OCSP-signing usage mixed with others. Every critical
/// extension must be one the profile knows.
public enum C2PACertificateProfile {
    private static let signatureAlgorithms: Set<String> = [
        "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13",  // sha*WithRSAEncryption
        "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4",  // ecdsa-with-SHA*
        "1.2.840.113549.1.1.10", "1.3.101.112",  // RSASSA-PSS, Ed25519
    ]
    private static let emailProtection = "1.3.6.1.5.5.7.3.4", timeStamping = "1.3.6.1.5.5.7.3.8", ocspSigning = "1.3.6.1.5.5.7.3.9"
    private static let allowedUsages: Set<String> = [emailProtection, timeStamping, ocspSigning, "1.3.6.1.4.1.311.76.59.1.9"]
    /// Extensions whose criticality the profile accepts, because it (or RFC 5280 path validation) reads them.
    private static let knownExtensions: Set<String> = [
        "2.5.29.35", "2.5.29.14", "2.5.29.15", "2.5.29.32", "2.5.29.33", "2.5.29.17", "2.5.29.19", "2.5.29.30",
        "2.5.29.36", "2.5.29.37", "2.5.29.31", "2.5.29.54", "1.3.6.1.5.5.7.1.1", "2.16.840.1.113730.1.1",
        "2.5.29.20", "2.5.29.21", "2.5.29.24",
    ]

    /// Why the first certificate of `pem` (a signer's chain, leaf first) falls outside the profile, or
    /// nil when it meets it: whether c2pa-rs would accept it as a claim signer's certificate.
    /// A certificate that does not load at all (a key swift-crypto refuses, such as RSA under 2048
    /// bits) is outside the profile too.
    ///
    /// - Throws: `C2PAValidationError.badCertificate` when `pem` holds no certificate.
    public static func problem(withLeafOf pem: String) throws(C2PAValidationError) -> String? {
        let documents = (try? PEMDocument.parseMultiple(pemString: pem)) ?? []
        guard let leaf = documents.first(where: { $0.discriminator == "CERTIFICATE" }) else { throw .badCertificate("no CERTIFICATE block") }
        do { return problem(with: try C2PACertificate(der: leaf.derBytes)) } catch { return error.description }
    }

    /// Why `certificate` falls outside the profile, or nil when it meets it.
    static func problem(with certificate: C2PACertificate) -> String? {
        guard certificate.version == 2 else { return "not an X.509 v3 certificate" }
        guard signatureAlgorithms.contains(certificate.signatureAlgorithm) else { return "signed with \(certificate.signatureAlgorithm)" }
        if certificate.signatureAlgorithm == "1.2.840.113549.1.1.10", certificate.pssDigest == nil { return "RSASSA-PSS without a SHA-2 hash" }
        if let bits = certificate.rsaModulusBits, bits < 2048 { return "RSA key of \(bits) bits, fewer than 2048" }
        if let exponent = certificate.rsaExponent, !isValidExponent(exponent) { return "RSA public exponent is not odd and at least 3" }
        if certificate.hasUniqueIdentifiers { return "issuer or subject unique identifiers are present" }
        if certificate.isAuthority { return "a CA certificate, not an end-entity one" }
        guard let usages = extendedKeyUsages(certificate) else { return "no extended key usage" }
        if usages.contains("2.5.29.37.0") { return "anyExtendedKeyUsage is not allowed" }
        guard !usages.isDisjoint(with: allowedUsages) else { return "no allowed extended key usage among \(usages.sorted())" }
        let stamping = usages.contains(timeStamping), ocsp = usages.contains(ocspSigning)
        if (stamping && ocsp) || (stamping != ocsp && usages.count > 1) {
            return "time-stamping or OCSP-signing usage combined with other usages"
        }
        guard certificate.extensions.contains(where: { $0.oid == "2.5.29.35" }) else { return "no authority key identifier" }
        guard let keyUsage = keyUsage(certificate), keyUsage.digitalSignature || keyUsage.nonRepudiation || keyUsage.keyCertSign else {
            return "no key usage that allows signing"
        }
        if keyUsage.digitalSignature, keyUsage.keyCertSign { return "keyCertSign on an end-entity certificate" }
        if let unknown = certificate.extensions.first(where: { $0.isCritical && !knownExtensions.contains($0.oid) }) {
            return "unhandled critical extension \(unknown.oid)"
        }
        return nil
    }

    private static func extendedKeyUsages(_ certificate: C2PACertificate) -> Set<String>? {
        guard let value = certificate.extensions.first(where: { $0.oid == "2.5.29.37" })?.value,
              let node = try? DER.parse(value), case let .constructed(oids) = node.content else { return nil }
        return Set(oids.compactMap { try? ASN1ObjectIdentifier(derEncoded: $0).description })
    }

    /// The KeyUsage bits (RFC 5280 §4.2.1.3) the profile reads.
    private static func keyUsage(_ certificate: C2PACertificate) -> (digitalSignature: Bool, nonRepudiation: Bool, keyCertSign: Bool)? {
        guard let value = certificate.extensions.first(where: { $0.oid == "2.5.29.15" })?.value,
              let bits = try? ASN1BitString(derEncoded: DER.parse(value)).bytes, let first = bits.first else { return nil }
        return (first & 0x80 != 0, first & 0x40 != 0, first & 0x04 != 0)
    }

    private static func isValidExponent(_ bytes: [UInt8]) -> Bool {
        let significant = bytes.drop { $0 == 0 }
        guard let last = significant.last, last & 1 == 1, bytes.first.map({ $0 & 0x80 == 0 }) ?? false else { return false }
        return significant.count > 1 || last >= 3
    }
}
