import Foundation
import SwiftASN1

/// The parts of a DER X.509 certificate that C2PA chain validation needs, read with SwiftASN1.
///
/// swift-certificates is not used because it rejects RSASSA-PSS public keys (OID 1.2.840.113549.1.1.10),
/// which C2PA's PS256/384/512 signers commonly carry.
struct C2PACertificate: Equatable {
    /// The whole certificate, for identity: an anchor is the same certificate when its bytes are.
    var der: [UInt8]
    var tbs: ArraySlice<UInt8>
    /// DER of the issuer and subject Names; chains are matched on these bytes.
    var issuer: ArraySlice<UInt8>
    var subject: ArraySlice<UInt8>
    var notBefore: Date
    var notAfter: Date
    var publicKey: C2PAPublicKey
    /// OID of the algorithm the issuer signed with, and the hash RSASSA-PSS parameters name.
    var signatureAlgorithm: String
    var pssDigest: C2PAHashAlgorithm?
    var signature: ArraySlice<UInt8>
    /// Basic constraints `cA`: only a CA may issue certificates.
    var isAuthority: Bool
    /// X.509 version as written (0 for v1 … 2 for v3).
    var version: Int
    /// Whether the certificate carries issuerUniqueID or subjectUniqueID, which RFC 5280 profiles forbid.
    var hasUniqueIdentifiers: Bool
    var extensions: [Extension]
    /// The public key's algorithm OID and, for RSA keys, the modulus's bit length and public exponent.
    var keyAlgorithm: String
    var rsaModulusBits: Int?
    var rsaExponent: [UInt8]?

    /// One X.509 extension: its OID, whether it is marked critical, and its DER value.
    struct Extension: Equatable {
        var oid: String
        var isCritical: Bool
        var value: ArraySlice<UInt8>
    }

    static func == (lhs: C2PACertificate, rhs: C2PACertificate) -> Bool { lhs.der == rhs.der }

    init(der: [UInt8]) throws(C2PAValidationError) {
        do {
            let root = try DER.parse(der)
            let parts = try Self.children(root, "certificate")
            guard parts.count == 3 else { throw Self.error("certificate has \(parts.count) parts, not 3") }
            var tbsFields = try Self.children(parts[0], "tbsCertificate")
            var version = 0
            if let wrapper = tbsFields.first, wrapper.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                version = try Self.children(wrapper, "version").first.map { try Int(derEncoded: $0) } ?? 0
                tbsFields.removeFirst()
            }
            // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, then optional fields
            guard tbsFields.count >= 6 else { throw Self.error("tbsCertificate has \(tbsFields.count) fields") }
            let validity = try Self.children(tbsFields[3], "validity")
            guard validity.count == 2 else { throw Self.error("validity has \(validity.count) times") }
            let spki = try Self.children(tbsFields[5], "subjectPublicKeyInfo")
            guard spki.count == 2 else { throw Self.error("subjectPublicKeyInfo has \(spki.count) parts") }
            let keyAlgorithm = try Self.children(spki[0], "public key algorithm")
            guard let keyOID = keyAlgorithm.first else { throw Self.error("public key algorithm is empty") }
            let curve = keyAlgorithm.count > 1 && keyAlgorithm[1].identifier == .objectIdentifier
                ? try ASN1ObjectIdentifier(derEncoded: keyAlgorithm[1]).description : nil
            let signatureAlgorithm = try Self.children(parts[1], "signatureAlgorithm")
            guard let signatureOID = signatureAlgorithm.first else { throw Self.error("signatureAlgorithm is empty") }

            self.der = der
            self.tbs = parts[0].encodedBytes
            self.issuer = tbsFields[2].encodedBytes
            self.subject = tbsFields[4].encodedBytes
            self.notBefore = try Self.time(validity[0])
            self.notAfter = try Self.time(validity[1])
            self.publicKey = try C2PAPublicKey(
                spki: tbsFields[5].encodedBytes, algorithm: try ASN1ObjectIdentifier(derEncoded: keyOID).description,
                curve: curve, key: try ASN1BitString(derEncoded: spki[1]).bytes)
            self.signatureAlgorithm = try ASN1ObjectIdentifier(derEncoded: signatureOID).description
            self.pssDigest = signatureAlgorithm.count > 1 ? Self.pssDigest(signatureAlgorithm[1]) : nil
            self.signature = try ASN1BitString(derEncoded: parts[2]).bytes
            self.version = version
            let optional = tbsFields.dropFirst(6)
            self.hasUniqueIdentifiers = optional.contains {
                $0.identifier == ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)
                    || $0.identifier == ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific)
            }
            self.extensions = try Self.extensions(optional)
            self.isAuthority = try Self.basicConstraintsCA(extensions)
            self.keyAlgorithm = try ASN1ObjectIdentifier(derEncoded: keyOID).description
            if case .rsa = publicKey {
                let numbers = try Self.children(try DER.parse(try ASN1BitString(derEncoded: spki[1]).bytes), "RSA public key")
                guard numbers.count == 2, case let .primitive(modulus) = numbers[0].content, case let .primitive(exponent) = numbers[1].content else {
                    throw Self.error("RSA public key is not a modulus and an exponent")
                }
                let significant = modulus.drop { $0 == 0 }
                self.rsaModulusBits = significant.first.map { (significant.count - 1) * 8 + (8 - $0.leadingZeroBitCount) } ?? 0
                self.rsaExponent = Array(exponent)
            }
        } catch let error as C2PAValidationError {
            throw error
        } catch {
            throw .badCertificate("DER does not parse: \(error)")
        }
    }

    func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }

    /// Whether this certificate's key verifies `child`'s signature and its subject is `child`'s issuer.
    func issued(_ child: C2PACertificate) -> Bool {
        subject == child.issuer
            && publicKey.isValidCertificateSignature(child.signature, over: child.tbs, algorithm: child.signatureAlgorithm, pssDigest: child.pssDigest)
    }

    /// Subject as `CN=…, O=…` for explanations.
    var subjectDescription: String {
        // DERCertificate already renders names; reuse it rather than a second renderer.
        (try? DERCertificate(der: der).subject) ?? "unnamed certificate"
    }

    private static func error(_ what: String) -> C2PAValidationError { .badCertificate(what) }

    private static func children(_ node: ASN1Node, _ what: String) throws(C2PAValidationError) -> [ASN1Node] {
        guard case let .constructed(nodes) = node.content else { throw error("\(what) is not a constructed DER value") }
        return Array(nodes)
    }

    /// A UTCTime or GeneralizedTime, UTC.
    static func time(_ node: ASN1Node) throws -> Date {
        let (year, month, day, hours, minutes, seconds): (Int, Int, Int, Int, Int, Int)
        if node.identifier == .utcTime {
            let time = try UTCTime(derEncoded: node)
            (year, month, day, hours, minutes, seconds) = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(derEncoded: node)
            (year, month, day, hours, minutes, seconds) = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hours, minute: minutes, second: seconds)
        guard let date = calendar.date(from: components) else { throw error("validity time \(components) is not a date") }
        return date
    }

    /// The hash in RSASSA-PSS-params (RFC 4055): `[0] hashAlgorithm`, SHA-1 when absent (unsupported).
    private static func pssDigest(_ parameters: ASN1Node) -> C2PAHashAlgorithm? {
        guard case let .constructed(fields) = parameters.content,
              let hash = fields.first(where: { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }),
              case let .constructed(wrapped) = hash.content, let algorithm = Array(wrapped).first,
              case let .constructed(identifier) = algorithm.content, let oid = Array(identifier).first,
              let name = try? ASN1ObjectIdentifier(derEncoded: oid).description else { return nil }
        return ["2.16.840.1.101.3.4.2.1": .sha256, "2.16.840.1.101.3.4.2.2": .sha384, "2.16.840.1.101.3.4.2.3": .sha512][name]
    }

    /// The extensions in `[3] extensions`, in order.
    private static func extensions(_ optional: ArraySlice<ASN1Node>) throws -> [Extension] {
        guard let wrapper = optional.first(where: { $0.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific) }),
              let list = try children(wrapper, "extensions").first else { return [] }
        return try children(list, "extensions").map { field in
            let parts = try children(field, "extension")
            guard let oid = parts.first, let value = parts.last, parts.count >= 2 else { throw error("extension has \(parts.count) parts") }
            let critical = parts.count == 3 ? try Bool(derEncoded: parts[1]) : false
            return Extension(oid: try ASN1ObjectIdentifier(derEncoded: oid).description, isCritical: critical,
                             value: try ASN1OctetString(derEncoded: value).bytes)
        }
    }

    /// `cA` of the basic constraints extension (2.5.29.19); false when absent.
    private static func basicConstraintsCA(_ extensions: [Extension]) throws -> Bool {
        guard let constraints = extensions.first(where: { $0.oid == "2.5.29.19" }) else { return false }
        guard let first = try children(try DER.parse(constraints.value), "basicConstraints").first, first.identifier == .boolean else { return false }
        return try Bool(derEncoded: first)
    }
}
