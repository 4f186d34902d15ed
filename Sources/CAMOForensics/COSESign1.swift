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
    /// RFC 3161 time-stamp tokens from the unprotected header (`sigTst2` or `sigTst`).
    var timeStamp: C2PATimeStamp?
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
        self.timeStamp = C2PATimeStamp(unprotected: unprotected)
        self.signature = signature
    }

    /// Sig_structure `["Signature1", protected, external_aad = h'', payload]` (RFC 9052 §4.4),
    /// the bytes the signer signed, with the claim as the detached payload.
    func signedBytes(payload: ArraySlice<UInt8>) -> [UInt8] {
        CBORHeader.signatureStructure(context: "Signature1", protectedHeader: protectedHeader, payload: payload)
    }

    /// Whether `signature` over the Sig_structure verifies with `key`. A key that does not fit the
    /// algorithm (an RSA key for ES256, a P-384 key for ES256) never verifies.
    func verify(payload: ArraySlice<UInt8>, key: C2PAPublicKey) -> Bool {
        key.isValidCOSESignature(signature, for: signedBytes(payload: payload), algorithm: algorithm)
    }
}
