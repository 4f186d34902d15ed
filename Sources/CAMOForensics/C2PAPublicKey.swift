import Crypto
import _CryptoExtras
import SwiftASN1

/// A certificate's public key, read from its SubjectPublicKeyInfo, that can check both COSE
/// signatures (raw ECDSA r‖s) and X.509 certificate signatures (DER ECDSA, PKCS #1 v1.5, PSS).
enum C2PAPublicKey {
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)

    /// `spki` is the whole SubjectPublicKeyInfo; `algorithm` and `curve` its algorithm OIDs.
    /// RSASSA-PSS keys are accepted: swift-crypto strips their parameters.
    init(spki: ArraySlice<UInt8>, algorithm: String, curve: String?, key: ArraySlice<UInt8>) throws(C2PAValidationError) {
        do {
            switch (algorithm, curve) {
            case ("1.2.840.10045.2.1", "1.2.840.10045.3.1.7"): self = .p256(try P256.Signing.PublicKey(derRepresentation: spki))
            case ("1.2.840.10045.2.1", "1.3.132.0.34"): self = .p384(try P384.Signing.PublicKey(derRepresentation: spki))
            case ("1.2.840.10045.2.1", "1.3.132.0.35"): self = .p521(try P521.Signing.PublicKey(derRepresentation: spki))
            case ("1.2.840.113549.1.1.1", _), ("1.2.840.113549.1.1.10", _): self = .rsa(try _RSA.Signing.PublicKey(derRepresentation: spki))
            case ("1.3.101.112", _): self = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: key))
            default: throw C2PAValidationError.unsupportedAlgorithm("public key \(algorithm)\(curve.map { " on curve \($0)" } ?? "")")
            }
        } catch let error as C2PAValidationError {
            throw error
        } catch {
            throw .badCertificate("public key \(algorithm) does not load: \(error)")
        }
    }

    /// Verifies a COSE signature over `message`. A key of the wrong type for `algorithm` never verifies.
    func isValidCOSESignature(_ signature: [UInt8], for message: [UInt8], algorithm: COSESign1.Algorithm) -> Bool {
        switch (self, algorithm) {
        case let (.p256(key), .es256):
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: message)
        case let (.p384(key), .es384):
            guard let ecdsa = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: message)
        case let (.p521(key), .es512):
            guard let ecdsa = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(ecdsa, for: message)
        case let (.rsa(key), .ps256):
            return isValidRSA(key, signature, digest: .sha256, message, padding: .PSS)
        case let (.rsa(key), .ps384):
            return isValidRSA(key, signature, digest: .sha384, message, padding: .PSS)
        case let (.rsa(key), .ps512):
            return isValidRSA(key, signature, digest: .sha512, message, padding: .PSS)
        case let (.ed25519(key), .edDSA):
            return key.isValidSignature(signature, for: message)
        default:
            return false
        }
    }

    /// Verifies the signature an issuer made over a certificate's TBS bytes, `algorithm` being the
    /// certificate's signature algorithm OID.
    func isValidCertificateSignature(_ signature: ArraySlice<UInt8>, over tbs: ArraySlice<UInt8>, algorithm: String, pssDigest: C2PAHashAlgorithm?) -> Bool {
        let ecdsa: [String: C2PAHashAlgorithm] = ["1.2.840.10045.4.3.2": .sha256, "1.2.840.10045.4.3.3": .sha384, "1.2.840.10045.4.3.4": .sha512]
        let pkcs1: [String: C2PAHashAlgorithm] = ["1.2.840.113549.1.1.11": .sha256, "1.2.840.113549.1.1.12": .sha384, "1.2.840.113549.1.1.13": .sha512]
        switch self {
        case .p256, .p384, .p521:
            return ecdsa[algorithm].map { isValidSignature(signature, over: tbs, digest: $0) } ?? false
        case let .rsa(key):
            if let digest = pkcs1[algorithm] { return isValidSignature(signature, over: tbs, digest: digest) }
            if algorithm == "1.2.840.113549.1.1.10", let digest = pssDigest {
                return isValidRSA(key, Array(signature), digest: digest, Array(tbs), padding: .PSS)
            }
            return false
        case .ed25519:
            return algorithm == "1.3.101.112" && isValidSignature(signature, over: tbs, digest: .sha512)
        }
    }

    /// Verifies an X.509-style signature over `message` with the hash `digest`: DER ECDSA for EC keys,
    /// PKCS #1 v1.5 for RSA keys, and Ed25519 (which hashes for itself) for Ed25519 keys.
    func isValidSignature(_ signature: ArraySlice<UInt8>, over message: ArraySlice<UInt8>, digest: C2PAHashAlgorithm) -> Bool {
        switch self {
        case let .p256(key):
            guard let ecdsa = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return Self.withDigest(of: message, digest) { key.isValidSignature(ecdsa, for: $0) }
        case let .p384(key):
            guard let ecdsa = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return Self.withDigest(of: message, digest) { key.isValidSignature(ecdsa, for: $0) }
        case let .p521(key):
            guard let ecdsa = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return Self.withDigest(of: message, digest) { key.isValidSignature(ecdsa, for: $0) }
        case let .rsa(key):
            return isValidRSA(key, Array(signature), digest: digest, Array(message), padding: .insecurePKCS1v1_5)
        case let .ed25519(key):
            return key.isValidSignature(signature, for: message)
        }
    }

    private func isValidRSA(_ key: _RSA.Signing.PublicKey, _ signature: [UInt8], digest: C2PAHashAlgorithm, _ message: [UInt8],
                            padding: _RSA.Signing.Padding) -> Bool {
        let rsa = _RSA.Signing.RSASignature(rawRepresentation: signature)
        switch digest {
        case .sha256: return key.isValidSignature(rsa, for: SHA256.hash(data: message), padding: padding)
        case .sha384: return key.isValidSignature(rsa, for: SHA384.hash(data: message), padding: padding)
        case .sha512: return key.isValidSignature(rsa, for: SHA512.hash(data: message), padding: padding)
        }
    }

    /// Hands the digest of `bytes` to `body`, whose generic verifier opens the existential.
    private static func withDigest(of bytes: ArraySlice<UInt8>, _ name: C2PAHashAlgorithm, _ body: (any Crypto.Digest) -> Bool) -> Bool {
        switch name {
        case .sha256: return body(SHA256.hash(data: bytes))
        case .sha384: return body(SHA384.hash(data: bytes))
        case .sha512: return body(SHA512.hash(data: bytes))
        }
    }
}
