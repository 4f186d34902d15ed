/// A COSE_Sign1 structure (RFC 9052 §4.2) as C2PA uses it: the claim is the detached payload and
/// the signer's certificate chain is the `x5chain` header (RFC 9360).
struct COSESign1 {
    enum Algorithm: Int, Sendable {
        case es256 = -7, es384 = -35, es512 = -36, ps256 = -37, ps384 = -38, ps512 = -39, edDSA = -8
    }

    /// The protected header exactly as serialised: the signature covers these bytes, not a re-encoding.
    var protectedHeader: [UInt8]
    var algorithm: Algorithm
    /// DER certificates, leaf first.
    var certificateChain: [[UInt8]]
    /// RFC 3161 time-stamp tokens from the unprotected header (`sigTst`, `sigTst2`).
    var timeStampTokens: [[UInt8]]
    var signature: [UInt8]

    /// COSE header label for an X.509 certificate chain (RFC 9360).
    private static let x5chainLabel = 33
    private static let algorithmLabel = 1

    init(_ bytes: ArraySlice<UInt8>, limits: MetadataLimits) throws(C2PAValidationError) {
        let value: CBORValue
        do { value = try CBORDecoder.decode(Array(bytes), limits: limits) } catch { throw .malformed("COSE_Sign1", error) }
        guard let parts = value.untagged.array, parts.count == 4 else {
            throw .malformed("COSE_Sign1", .invalid("signature is not a four-element COSE_Sign1 array", offset: 0))
        }
        guard let protectedBytes = parts[0].bytes, let signature = parts[3].bytes else {
            throw .malformed("COSE_Sign1", .invalid("protected header or signature is not a byte string", offset: 0))
        }
        let protected: CBORValue
        do {
            protected = protectedBytes.isEmpty ? .map([]) : try CBORDecoder.decode(protectedBytes, limits: limits)
        } catch {
            throw .malformed("COSE protected header", error)
        }
        let unprotected = parts[1]
        guard let label = protected[label: Self.algorithmLabel]?.integer else { throw .missing("COSE algorithm (protected header label 1)") }
        guard let algorithm = Algorithm(rawValue: label) else { throw .unsupportedAlgorithm("COSE \(label)") }
        // C2PA 1.x writers put x5chain in the unprotected header, some under its text name.
        let chainValue = protected[label: Self.x5chainLabel] ?? unprotected[label: Self.x5chainLabel] ?? unprotected["x5chain"]
        let chain = chainValue.map { $0.array?.compactMap(\.bytes) ?? $0.bytes.map { [$0] } ?? [] } ?? []
        guard !chain.isEmpty else { throw .missing("x5chain certificate chain (COSE header label 33)") }
        self.protectedHeader = protectedBytes
        self.algorithm = algorithm
        self.certificateChain = chain
        self.timeStampTokens = C2PATimeStamp.tokens(unprotected)
        self.signature = signature
    }

    /// Sig_structure `["Signature1", protected, external_aad = h'', payload]` (RFC 9052 §4.4),
    /// the bytes the signer signed, with the claim as the detached payload.
    func signedBytes(payload: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = [0x84]
        let context = Array("Signature1".utf8)
        out += Self.header(major: 3, length: context.count) + context
        out += Self.header(major: 2, length: protectedHeader.count) + protectedHeader
        out += Self.header(major: 2, length: 0)
        out += Self.header(major: 2, length: payload.count) + payload
        return out
    }

    /// Whether `signature` over the Sig_structure verifies with `key`. A key that does not fit the
    /// algorithm (an RSA key for ES256, a P-384 key for ES256) never verifies.
    func verify(payload: ArraySlice<UInt8>, key: C2PAPublicKey) -> Bool {
        key.isValidCOSESignature(signature, for: signedBytes(payload: payload), algorithm: algorithm)
    }

    /// A CBOR major type and length header (RFC 8949 §3).
    private static func header(major: UInt8, length: Int) -> [UInt8] {
        let type = major << 5
        switch length {
        case ..<24: return [type | UInt8(length)]
        case ..<0x100: return [type | 24, UInt8(length)]
        case ..<0x10000: return [type | 25, UInt8(length >> 8), UInt8(length & 0xFF)]
        default: return [type | 26] + (0..<4).reversed().map { UInt8((length >> ($0 * 8)) & 0xFF) }
        }
    }
}
