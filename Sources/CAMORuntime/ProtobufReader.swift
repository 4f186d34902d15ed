/// Reads the protobuf wire format from bytes that may be hostile: every length is checked against
/// the enclosing message, nesting depth is bounded, and every failure is an `ONNXFormatError`.
struct ProtobufReader {
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    struct Field {
        let number: Int
        let wireType: WireType
        let offset: Int
    }

    static let maximumDepth = 64

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    let depth: Int
    /// The message being read, for error messages.
    let message: String

    init(bytes: [UInt8], message: String) {
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 0, message: message)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int, message: String) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.depth = depth
        self.message = message
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's key, or nil at the end of the message.
    mutating func nextField() throws(ONNXFormatError) -> Field? {
        guard !isAtEnd else { return nil }
        let offset = position
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 536_870_911, let wireType = WireType(rawValue: Int(key & 7)) else {
            throw .invalidFieldNumber(offset: offset)
        }
        return Field(number: Int(number), wireType: wireType, offset: offset)
    }

    mutating func varint() throws(ONNXFormatError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .truncated(offset: position) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw .malformedVarint(offset: start) }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw .malformedVarint(offset: start) }
        }
    }

    mutating func fixed32() throws(ONNXFormatError) -> UInt32 {
        guard end - position >= 4 else { throw .truncated(offset: position) }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    mutating func fixed64() throws(ONNXFormatError) -> UInt64 {
        guard end - position >= 8 else { throw .truncated(offset: position) }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return value
    }

    /// The byte range of a length-delimited value, checked to lie inside this message.
    mutating func lengthDelimited() throws(ONNXFormatError) -> Range<Int> {
        let offset = position
        let length = try varint()
        guard length <= UInt64(end - position) else { throw .lengthOutOfBounds(offset: offset, length: length) }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    mutating func string() throws(ONNXFormatError) -> String {
        String(decoding: bytes[try lengthDelimited()], as: UTF8.self)
    }

    /// A reader for an embedded message, one level deeper.
    mutating func message(_ name: String) throws(ONNXFormatError) -> ProtobufReader {
        guard depth + 1 <= Self.maximumDepth else { throw .nestingTooDeep(limit: Self.maximumDepth) }
        return ProtobufReader(bytes: bytes, range: try lengthDelimited(), depth: depth + 1, message: name)
    }

    /// Skips a field this reader does not need.
    mutating func skip(_ field: Field) throws(ONNXFormatError) {
        switch field.wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup:
            // ONNX uses no groups; accepting them would need unbounded bookkeeping.
            throw unexpected(field)
        }
    }

    func unexpected(_ field: Field) -> ONNXFormatError {
        .unexpectedWireType(message: message, field: field.number, wireType: field.wireType.rawValue, offset: field.offset)
    }

    func expect(_ field: Field, _ wireType: WireType) throws(ONNXFormatError) {
        guard field.wireType == wireType else { throw unexpected(field) }
    }

    mutating func int64(_ field: Field) throws(ONNXFormatError) -> Int64 {
        try expect(field, .varint)
        return Int64(bitPattern: try varint())
    }

    mutating func string(_ field: Field) throws(ONNXFormatError) -> String {
        try expect(field, .lengthDelimited)
        return try string()
    }

    /// Appends the values of a repeated varint field, packed or not.
    mutating func appendVarints(_ field: Field, to values: inout [Int64]) throws(ONNXFormatError) {
        switch field.wireType {
        case .varint:
            values.append(Int64(bitPattern: try varint()))
        case .lengthDelimited:
            var packed = ProtobufReader(bytes: bytes, range: try lengthDelimited(), depth: depth, message: message)
            while !packed.isAtEnd { values.append(Int64(bitPattern: try packed.varint())) }
        default:
            throw unexpected(field)
        }
    }

    /// Appends the values of a repeated float field, packed or not.
    mutating func appendFloats(_ field: Field, to values: inout [Float]) throws(ONNXFormatError) {
        switch field.wireType {
        case .fixed32:
            values.append(Float(bitPattern: try fixed32()))
        case .lengthDelimited:
            let range = try lengthDelimited()
            guard range.count % 4 == 0 else {
                throw .invalidValue(message: message, field: "\(field.number)", reason: "packed floats of \(range.count) bytes")
            }
            var packed = ProtobufReader(bytes: bytes, range: range, depth: depth, message: message)
            while !packed.isAtEnd { values.append(Float(bitPattern: try packed.fixed32())) }
        default:
            throw unexpected(field)
        }
    }
}
