/// Walks bytes written by dlib's `serialize` (dlib/serialize.h).
///
/// Integers use dlib's variable-length encoding: a control byte whose low four bits give the
/// number of little-endian magnitude bytes that follow and whose top bit marks a negative value.
/// Floating-point numbers are a (mantissa, exponent) pair of such integers, worth
/// `mantissa × 2^exponent`, with reserved exponents for infinities and NaN.
///
/// The reader works on borrowed memory: use it only inside the `withUnsafeBytes` call that
/// provides `bytes`.
struct DlibStreamReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remainingByteCount: Int { bytes.count - offset }

    /// An unsigned integer of at most `maxBytes` magnitude bytes (the C++ type's size).
    @inline(__always)
    mutating func unsigned(_ what: StaticString, maxBytes: Int = 8) throws(ShapePredictorError) -> UInt64 {
        let start = offset
        let control = try byte(what)
        // dlib ignores the three reserved bits 0x70 for unsigned types but not the sign bit.
        let size = Int(control & 0x8F)
        guard size >= 1, size <= maxBytes else {
            throw .malformed(offset: start, reason: "bad integer control byte \(control) for \(what)")
        }
        return try magnitude(size, what)
    }

    /// A signed integer of at most `maxBytes` magnitude bytes, wrapping like dlib's C++ does.
    @inline(__always)
    mutating func signed(_ what: StaticString, maxBytes: Int = 8) throws(ShapePredictorError) -> Int64 {
        let start = offset
        let control = try byte(what)
        let size = Int(control & 0x0F)
        guard size >= 1, size <= maxBytes else {
            throw .malformed(offset: start, reason: "bad integer control byte \(control) for \(what)")
        }
        let value = Int64(bitPattern: try magnitude(size, what))
        return control & 0x80 != 0 ? 0 &- value : value
    }

    /// A `float` in dlib's portable binary format.
    @inline(__always)
    mutating func float(_ what: StaticString) throws(ShapePredictorError) -> Float {
        guard offset < bytes.count else { throw .truncated(offset: offset, reading: "\(what)") }
        // dlib's older text format sets bits that the binary control byte never uses.
        guard bytes[offset] & 0x70 == 0 else {
            throw .malformed(offset: offset, reason: "\(what) uses dlib's old text float format, which is not supported")
        }
        let mantissa = try signed(what)
        let exponent = Int16(truncatingIfNeeded: try signed(what, maxBytes: 2))
        switch exponent {
        case Self.positiveInfinityExponent: return .infinity
        case Self.negativeInfinityExponent: return -.infinity
        case Self.nanExponent...: return .nan
        default: return Float(sign: .plus, exponent: Int(exponent), significand: Float(mantissa))
        }
    }

    /// A count about to size an array of items that each take at least `minimumItemBytes` in
    /// the stream: refused when the remaining bytes could not hold that many, so corrupt input
    /// never drives a huge allocation.
    mutating func count(_ what: StaticString, minimumItemBytes: Int) throws(ShapePredictorError) -> Int {
        let start = offset
        let value = try unsigned(what)
        guard value <= UInt64(remainingByteCount / max(minimumItemBytes, 1)) else {
            throw .malformed(offset: start, reason: "\(what) \(value) is more than the remaining \(remainingByteCount) bytes can hold")
        }
        return Int(value)
    }

    // dlib's float_details markers.
    private static let positiveInfinityExponent: Int16 = 32000
    private static let negativeInfinityExponent: Int16 = 32001
    private static let nanExponent: Int16 = 32002

    @inline(__always)
    private mutating func byte(_ what: StaticString) throws(ShapePredictorError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(offset: offset, reading: "\(what)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    @inline(__always)
    private mutating func magnitude(_ size: Int, _ what: StaticString) throws(ShapePredictorError) -> UInt64 {
        guard size <= remainingByteCount else { throw .truncated(offset: bytes.count, reading: "\(what)") }
        var value: UInt64 = 0
        for i in stride(from: size - 1, through: 0, by: -1) {
            value = value << 8 | UInt64(bytes[offset + i])
        }
        offset += size
        return value
    }
}
