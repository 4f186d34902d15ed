import Crypto
import Foundation
import SwiftASN1

/// The RFC 3161 time-stamp tokens of a C2PA signature (`sigTst` or `sigTst2` → `tstTokens` → `val`),
/// verified as c2pa-rs verifies them: the token's CMS signature by the time-stamp authority (TSA),
/// the signed message digest of its TSTInfo, the TSA certificate's validity at the stamped time, and
/// the message imprint against the COSE countersignature structure of the claim (`sigTst`) or of the
/// claim signature (`sigTst2`). Only `sigTst2` tokens have their TSA checked against the trust list,
/// as in c2pa-rs, which reports a verified `sigTst` token as trusted without that check.
struct C2PATimeStamp {
    /// Where the token sits: `sigTst` (C2PA 1.x) stamps the claim, `sigTst2` the signature.
    enum Header: String { case sigTst, sigTst2 }

    /// What verifying the tokens of one header found.
    struct Outcome {
        var statuses: [(code: C2PAStatusCode, explanation: String)] = []
        /// The stamped time of the first token that verified.
        var time: Date?
        /// Whether that token's TSA chains to the trust list (whatever the reported code says).
        var authorityTrusted = false
    }

    var header: Header
    var tokens: [[UInt8]]

    /// The first time-stamp header present, `sigTst2` before `sigTst`; nil when there is none.
    init?(unprotected: CBORValue) {
        for header in [Header.sigTst2, .sigTst] {
            guard let entries = unprotected[header.rawValue]?["tstTokens"]?.array else { continue }
            self.header = header
            self.tokens = entries.compactMap { $0["val"]?.bytes }
            return
        }
        return nil
    }

    /// Verifies the tokens until one passes, reporting each token's findings as c2pa-rs does.
    func verify(_ cose: COSESign1, claim: ArraySlice<UInt8>, trustList: C2PATrustList?) -> Outcome {
        let stamped: [UInt8] = header == .sigTst ? Array(claim) : CBORHeader.byteString(cose.signature)
        let imprinted = CBORHeader.countersignature(protectedHeader: cose.protectedHeader, payload: stamped)
        var outcome = Outcome()
        for token in tokens {
            do {
                let verified = try Self.verify(token, imprinted: imprinted)
                outcome.statuses.append((.timeStampValidated, "timestamp message digest matched: \(verified.authority.subjectDescription)"))
                outcome.authorityTrusted = trustList.map { verified.chain.chainsTo($0.anchors, at: verified.time) } ?? false
                if header == .sigTst || outcome.authorityTrusted {
                    outcome.statuses.append((.timeStampTrusted, header == .sigTst
                        ? "sigTst time-stamp authority \(verified.authority.subjectDescription) reported trusted without a trust check, as c2pa-rs does"
                        : "time-stamp authority \(verified.authority.subjectDescription) chains to a trust anchor"))
                } else {
                    outcome.statuses.append((.timeStampUntrusted, "time-stamp authority \(verified.authority.subjectDescription) is not on the trust list"))
                }
                outcome.time = verified.time
                return outcome
            } catch {
                outcome.statuses.append((error.code, error.explanation))
            }
        }
        return outcome
    }

    /// Why a token failed, with the code c2pa-rs gives it.
    struct Failure: Error {
        var code: C2PAStatusCode
        var explanation: String
        static func malformed(_ what: String) -> Failure { Failure(code: .timeStampMalformed, explanation: "time-stamp token malformed: \(what)") }
    }

    private struct Verified {
        var authority: C2PACertificate
        var chain: C2PACertificateChain
        var time: Date
    }

    private static let signingTimeOID = "1.2.840.113549.1.9.5"
    private static let messageDigestOID = "1.2.840.113549.1.9.4"
    private static let digests = ["2.16.840.1.101.3.4.2.1": C2PAHashAlgorithm.sha256,
                                  "2.16.840.1.101.3.4.2.2": .sha384, "2.16.840.1.101.3.4.2.3": .sha512]

    private static func verify(_ token: [UInt8], imprinted: [UInt8]) throws(Failure) -> Verified {
        let signedData: [ASN1Node], tstInfoBytes: ArraySlice<UInt8>, tstInfo: [ASN1Node]
        do {
            signedData = try Self.signedData(try DER.parse(token))
            // SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos.
            let content = try children(signedData[2])
            guard content.count == 2, case let .constructed(wrapped) = content[1].content, let octets = Array(wrapped).first else {
                throw Failure.malformed("no encapsulated TSTInfo")
            }
            tstInfoBytes = try ASN1OctetString(derEncoded: octets).bytes
            tstInfo = try children(try DER.parse(tstInfoBytes))
        } catch let failure as Failure { throw failure } catch { throw .malformed("\(error)") }
        let certificates: [C2PACertificate]
        let signerInfos: [ASN1Node]
        do {
            let optional = signedData.dropFirst(3)
            let certificateSet = optional.first { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }
            guard let certificateSet else { throw Failure(code: .timeStampUntrusted, explanation: "time-stamp token carries no certificates") }
            certificates = try children(certificateSet).map { node throws(Failure) in
                do { return try C2PACertificate(der: Array(node.encodedBytes)) } catch {
                    throw Failure(code: .timeStampUntrusted, explanation: "time-stamp certificate unusable: \(error)")
                }
            }
            guard let last = signedData.last, last.identifier == .set else { throw Failure.malformed("no signerInfos") }
            signerInfos = try children(last)
        } catch let failure as Failure { throw failure } catch { throw .malformed("\(error)") }

        var failure = Failure.malformed("no signer")
        for signerInfo in signerInfos {
            do { return try verifySigner(signerInfo, certificates: certificates, tstInfo: tstInfo, tstInfoBytes: tstInfoBytes, imprinted: imprinted) }
            catch let error as Failure { failure = error } catch { failure = .malformed("\(error)") }
        }
        throw failure
    }

    private static func verifySigner(_ signerInfo: ASN1Node, certificates: [C2PACertificate], tstInfo: [ASN1Node],
                                     tstInfoBytes: ArraySlice<UInt8>, imprinted: [UInt8]) throws -> Verified {
        // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs.
        let fields = try children(signerInfo)
        guard fields.count >= 5 else { throw Failure.malformed("SignerInfo has \(fields.count) fields") }
        guard let digest = digests[try algorithmOID(fields[2])] else { throw Failure.malformed("unsupported digest algorithm") }
        let signedAttributes = fields[3].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) ? fields[3] : nil
        let signature = try ASN1OctetString(derEncoded: fields[signedAttributes == nil ? 4 : 5]).bytes
        // TSTInfo: version, policy, messageImprint, serialNumber, genTime, …
        guard tstInfo.count >= 5 else { throw Failure.malformed("TSTInfo has \(tstInfo.count) fields") }
        var time = try date(tstInfo[4])
        var signed = tstInfoBytes
        if let signedAttributes {
            var digestFound = false
            for attribute in try children(signedAttributes) {
                let parts = try children(attribute)
                guard parts.count == 2 else { throw Failure.malformed("attribute has \(parts.count) parts") }
                let values = try children(parts[1])
                switch try ASN1ObjectIdentifier(derEncoded: parts[0]).description {
                case signingTimeOID where values.count == 1:
                    time = try date(values[0])
                case messageDigestOID:
                    guard values.count == 1 else { throw Failure.malformed("message digest attribute has \(values.count) values") }
                    guard try ASN1OctetString(derEncoded: values[0]).bytes.elementsEqual(digest.digest([tstInfoBytes])) else {
                        throw Failure(code: .timeStampMismatch, explanation: "the token's signed digest of its TSTInfo does not match it")
                    }
                    digestFound = true
                default: break
                }
            }
            guard digestFound else { throw Failure.malformed("no message digest attribute") }
            // The signature covers the attributes' DER as a SET (tag 0x31), not as the implicit [0] they are stored under.
            signed = [0x31] + signedAttributes.encodedBytes.dropFirst()
        }
        guard let authority = certificates.first(where: { $0.publicKey.isValidSignature(signature, over: signed, digest: digest) }) else {
            throw Failure(code: .timeStampUntrusted, explanation: "timestamp signed data did not match signature")
        }
        guard authority.isValid(at: time) else {
            throw Failure(code: .timeStampOutsideValidity, explanation: "time-stamp certificate not valid at its stamped time \(time)")
        }
        let imprint = try children(tstInfo[2])
        guard imprint.count == 2, let imprintDigest = digests[try algorithmOID(imprint[0])] else {
            throw Failure(code: .timeStampUntrusted, explanation: "unknown message imprint algorithm")
        }
        guard try ASN1OctetString(derEncoded: imprint[1]).bytes.elementsEqual(imprintDigest.digest([imprinted[...]])) else {
            throw Failure(code: .timeStampMismatch, explanation: "timestamp message digest did not match: \(authority.subjectDescription)")
        }
        let others = certificates.filter { $0 != authority }
        let chain = C2PACertificateChain(leaf: authority, intermediates: others)
        return Verified(authority: authority, chain: chain, time: time)
    }

    /// The SignedData fields of a token stored as a ContentInfo or, by older writers, as a whole TimeStampResp.
    private static func signedData(_ root: ASN1Node) throws -> [ASN1Node] {
        var contentInfo = try children(root)
        if contentInfo.first?.identifier == .sequence {  // TimeStampResp: status, timeStampToken
            guard contentInfo.count == 2 else { throw Failure.malformed("time-stamp response without a token") }
            contentInfo = try children(contentInfo[1])
        }
        guard contentInfo.count == 2, try ASN1ObjectIdentifier(derEncoded: contentInfo[0]).description == "1.2.840.113549.1.7.2",
              case let .constructed(wrapped) = contentInfo[1].content, let signedData = Array(wrapped).first else {
            throw Failure.malformed("not a CMS SignedData")
        }
        let fields = try children(signedData)
        guard fields.count >= 4 else { throw Failure.malformed("SignedData has \(fields.count) fields") }
        return fields
    }

    private static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case let .constructed(nodes) = node.content else { throw Failure.malformed("expected a constructed value") }
        return Array(nodes)
    }

    private static func algorithmOID(_ node: ASN1Node) throws -> String {
        guard let oid = try children(node).first else { throw Failure.malformed("empty algorithm identifier") }
        return try ASN1ObjectIdentifier(derEncoded: oid).description
    }

    private static func date(_ node: ASN1Node) throws -> Date {
        do { return try C2PACertificate.time(node) } catch { throw Failure.malformed("time \(error)") }
    }
}
