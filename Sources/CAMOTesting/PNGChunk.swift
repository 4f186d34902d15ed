/// Builds PNG chunks for tests that craft or alter PNG files.
public enum PNGChunk {
    /// length, type, body, CRC.
    public static func make(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(body.count)) + typeBytes + body + bigEndian(CRC32.checksum(typeBytes + body))
    }

    /// `png` with `chunk` inserted right after IHDR (byte 33).
    public static func inserting(_ chunk: [UInt8], into png: [UInt8]) -> [UInt8] {
        Array(png[..<33]) + chunk + Array(png[33...])
    }

    public static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
