/// The few CBOR encodings the validator writes itself: the COSE structures that signatures and
/// time-stamps are computed over (RFC 9052 §4.4, §5.3), built byte for byte as the signer built them.
enum CBORHeader {
    /// A major type and length header (RFC 8949 §3).
    static func header(major: UInt8, length: Int) -> [UInt8] {
        let type = major << 5
        switch length {
        case ..<24: return [type | UInt8(length)]
        case ..<0x100: return [type | 24, UInt8(length)]
        case ..<0x10000: return [type | 25, UInt8(length >> 8), UInt8(length & 0xFF)]
        default: return [type | 26] + (0..<4).reversed().map { UInt8((length >> ($0 * 8)) & 0xFF) }
        }
    }

    static func byteString<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        header(major: 2, length: bytes.count) + bytes
    }

    /// `[context, protected, external_aad = h'', payload]`: the Sig_structure of a COSE_Sign1
    /// (`Signature1`) or of a countersignature without its own protected header (`CounterSignature`).
    static func signatureStructure<C: Collection>(context: String, protectedHeader: [UInt8], payload: C) -> [UInt8] where C.Element == UInt8 {
        let text = Array(context.utf8)
        return [0x84] + header(major: 3, length: text.count) + text + byteString(protectedHeader) + byteString([]) + byteString(payload)
    }

    static func countersignature(protectedHeader: [UInt8], payload: [UInt8]) -> [UInt8] {
        signatureStructure(context: "CounterSignature", protectedHeader: protectedHeader, payload: payload)
    }
}
