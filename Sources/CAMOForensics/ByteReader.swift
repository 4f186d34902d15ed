import Foundation

/// A bounds-checked cursor over a byte buffer.
///
/// Every container parser reads untrusted lengths and offsets; routing each read through this
/// type means a bad length can only ever produce a `MetadataParseError`, never an out-of-range trap.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        self.offset = min(max(0, start), self.end)
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    mutating func require(_ count: Int, _ what: String) throws(MetadataParseError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(what, offset: offset)
        }
    }

    mutating func u8(_ what: String = "byte") throws(MetadataParseError) -> UInt8 {
        try require(1, what)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(bigEndian: Bool = true, _ what: String = "16-bit field") throws(MetadataParseError) -> UInt16 {
        try require(2, what)
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        offset += 2
        return bigEndian ? (a << 8 | b) : (b << 8 | a)
    }

    mutating func u32(bigEndian: Bool = true, _ what: String = "32-bit field") throws(MetadataParseError) -> UInt32 {
        try require(4, what)
        var value: UInt32 = 0
        for i in 0..<4 {
            let byte = UInt32(bytes[offset + (bigEndian ? i : 3 - i)])
            value = value << 8 | byte
        }
        offset += 4
        return value
    }

    mutating func u64(_ what: String = "64-bit field") throws(MetadataParseError) -> UInt64 {
        try require(8, what)
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return value
    }

    /// Reads `count` bytes as a new array.
    mutating func take(_ count: Int, _ what: String) throws(MetadataParseError) -> [UInt8] {
        try require(count, what)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Returns a reader limited to the next `count` bytes and advances past them.
    mutating func sub(_ count: Int, _ what: String) throws(MetadataParseError) -> ByteReader {
        try require(count, what)
        defer { offset += count }
        return ByteReader(bytes, from: offset, to: offset + count)
    }

    mutating func skip(_ count: Int, _ what: String) throws(MetadataParseError) {
        try require(count, what)
        offset += count
    }

    mutating func seek(to position: Int, _ what: String) throws(MetadataParseError) {
        guard position >= 0, position <= end else { throw .outOfRange(what, offset: position) }
        offset = position
    }

    /// Reads up to (not including) the next zero byte and consumes the zero.
    mutating func nullTerminated(maxLength: Int, _ what: String) throws(MetadataParseError) -> [UInt8] {
        let limit = min(end, offset + maxLength + 1)
        var i = offset
        while i < limit, bytes[i] != 0 { i += 1 }
        guard i < limit else { throw .invalid("\(what) has no terminator within \(maxLength) bytes", offset: offset) }
        defer { offset = i + 1 }
        return Array(bytes[offset..<i])
    }

    /// The remaining bytes, without consuming them.
    var rest: ArraySlice<UInt8> { bytes[offset..<end] }

    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        remaining >= prefix.count && bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }
}
