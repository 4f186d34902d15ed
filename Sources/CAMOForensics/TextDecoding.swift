/// Byte-to-text conversions used by every parser. None of them fail: metadata text is shown
/// as well as possible rather than dropped.
enum TextDecoding {
    /// UTF-8 when valid, else Latin-1 (PNG tEXt is Latin-1 by spec; many writers put UTF-8 there anyway).
    static func latin1OrUTF8<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    static func utf8<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        while units.last == 0 { units.removeLast() }
        return String(decoding: units, as: UTF16.self)
    }

    /// Keeps at most `limit` bytes of `bytes` as text; reports whether it cut.
    static func bounded<C: Collection>(_ bytes: C, limit: Int, latin1: Bool) -> (text: String, truncated: Bool) where C.Element == UInt8 {
        let kept = bytes.prefix(limit)
        let text = latin1 ? latin1OrUTF8(kept) : utf8(kept)
        return (text, bytes.count > limit)
    }
}
