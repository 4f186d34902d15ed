internal import Crypto

/// Lower-case hex SHA-256 digests, for checking model files against their registry digests and
/// naming content; the hashing itself is swift-crypto's. The name stays so callers keep writing
/// `SHA256.hexDigest(...)`; the import is internal so Crypto's own `SHA256` does not leak to them.
public enum SHA256 {
    /// Lower-case hex digest of `bytes`.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexDigest($0) }
    }

    /// Lower-case hex digest of borrowed bytes (a mapped file, without copying it).
    public static func hexDigest(_ bytes: UnsafeRawBufferPointer) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * Crypto.SHA256.byteCount)
        for byte in Crypto.SHA256.hash(data: bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
