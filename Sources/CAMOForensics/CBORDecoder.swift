/// A bounded CBOR decoder for C2PA claims, assertions and COSE signatures.
///
/// Lengths come from the file: a string must fit in the bytes left, an array or map may not
/// announce more items than bytes left, nesting is capped at `maxDepth` and the total number of
/// items at `maxItems`, so a hostile document costs at most linear time and memory.
struct CBORDecoder {
    private var reader: ByteReader
    private let maxDepth: Int
    private var itemBudget: Int

    static func decode(_ bytes: [UInt8], limits: MetadataLimits) throws(MetadataParseError) -> CBORValue {
        var decoder = CBORDecoder(reader: ByteReader(bytes), maxDepth: limits.maxCBORDepth, itemBudget: limits.maxCBORItems)
        return try decoder.item(depth: 0)
    }

    private init(reader: ByteReader, maxDepth: Int, itemBudget: Int) {
        self.reader = reader
        self.maxDepth = maxDepth
        self.itemBudget = itemBudget
    }

    private static let breakCode: UInt8 = 0xFF

    private mutating func argument(_ info: UInt8) throws(MetadataParseError) -> UInt64? {
        switch info {
        case 0..<24: return UInt64(info)
        case 24: return UInt64(try reader.u8("CBOR argument"))
        case 25: return UInt64(try reader.u16())
        case 26: return UInt64(try reader.u32())
        case 27: return try reader.u64()
        case 31: return nil  // indefinite length
        default: throw .invalid("CBOR reserved additional information \(info)", offset: reader.offset)
        }
    }

    private mutating func length(_ value: UInt64?, perItem: Int, _ what: String) throws(MetadataParseError) -> Int {
        guard let value else { throw .invalid("unexpected indefinite length", offset: reader.offset) }
        guard value <= UInt64(reader.remaining / perItem) else {
            throw .truncated("CBOR \(what) of length \(value)", offset: reader.offset)
        }
        return Int(value)
    }

    private mutating func item(depth: Int) throws(MetadataParseError) -> CBORValue {
        guard depth <= maxDepth else { throw .limitExceeded("CBOR nesting", limit: maxDepth) }
        itemBudget -= 1
        guard itemBudget >= 0 else { throw .limitExceeded("CBOR item count", limit: 0) }
        let initial = try reader.u8("CBOR item")
        let major = initial >> 5, info = initial & 0x1F
        switch major {
        case 0:
            guard let value = try argument(info) else { throw .invalid("indefinite integer", offset: reader.offset) }
            return .unsigned(value)
        case 1:
            guard let value = try argument(info) else { throw .invalid("indefinite integer", offset: reader.offset) }
            return .negative(value)
        case 2, 3:
            let raw = try argument(info)
            var bytes: [UInt8] = []
            if raw == nil {
                while try peekIsBreak() == false {
                    guard case let .bytes(chunk) = try chunkItem(major: major, depth: depth) else {
                        throw .invalid("bad indefinite string chunk", offset: reader.offset)
                    }
                    bytes += chunk
                }
            } else {
                bytes = try reader.take(try length(raw, perItem: 1, "string"), "CBOR string")
            }
            return major == 2 ? .bytes(bytes) : .text(TextDecoding.utf8(bytes))
        case 4:
            var items: [CBORValue] = []
            if let raw = try argument(info) {
                for _ in 0..<(try length(raw, perItem: 1, "array")) { items.append(try item(depth: depth + 1)) }
            } else {
                while try peekIsBreak() == false { items.append(try item(depth: depth + 1)) }
            }
            return .array(items)
        case 5:
            var pairs: [(key: CBORValue, value: CBORValue)] = []
            if let raw = try argument(info) {
                for _ in 0..<(try length(raw, perItem: 2, "map")) {
                    pairs.append((try item(depth: depth + 1), try item(depth: depth + 1)))
                }
            } else {
                while try peekIsBreak() == false {
                    pairs.append((try item(depth: depth + 1), try item(depth: depth + 1)))
                }
            }
            return .map(pairs)
        case 6:
            guard let tag = try argument(info) else { throw .invalid("indefinite tag", offset: reader.offset) }
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simpleOrFloat(info)
        }
    }

    /// One definite-length chunk of an indefinite string; it must have the same major type.
    private mutating func chunkItem(major: UInt8, depth: Int) throws(MetadataParseError) -> CBORValue {
        let initial = try reader.u8("CBOR string chunk")
        guard initial >> 5 == major, let raw = try argument(initial & 0x1F) else {
            throw .invalid("bad indefinite string chunk", offset: reader.offset)
        }
        return .bytes(try reader.take(try length(raw, perItem: 1, "string chunk"), "CBOR string chunk"))
    }

    /// Consumes a break code if one is next.
    private mutating func peekIsBreak() throws(MetadataParseError) -> Bool {
        guard !reader.isAtEnd else { throw .truncated("indefinite-length CBOR item", offset: reader.offset) }
        if reader.bytes[reader.offset] == Self.breakCode {
            try reader.skip(1, "break")
            return true
        }
        return false
    }

    private mutating func simpleOrFloat(_ info: UInt8) throws(MetadataParseError) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24: return .simple(try reader.u8("simple value"))
        case 25: return .float(Double(Float16Bits.decode(try reader.u16())))
        case 26: return .float(Double(Float(bitPattern: try reader.u32())))
        case 27: return .float(Double(bitPattern: try reader.u64()))
        case 31: throw .invalid("unexpected CBOR break", offset: reader.offset)
        default:
            guard info < 24 else { throw .invalid("reserved CBOR simple value", offset: reader.offset) }
            return .simple(info)
        }
    }
}

/// IEEE 754 half precision, decoded by hand because `Float16` is missing on macOS for Intel.
enum Float16Bits {
    static func decode(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
