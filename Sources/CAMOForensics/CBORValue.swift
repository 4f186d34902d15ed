/// A decoded CBOR (RFC 8949) data item.
indirect enum CBORValue: Sendable, Equatable {
    case unsigned(UInt64)
    /// The value `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    case map([(key: CBORValue, value: CBORValue)])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null
    case undefined
    case simple(UInt8)
    case float(Double)

    static func == (lhs: CBORValue, rhs: CBORValue) -> Bool {
        switch (lhs, rhs) {
        case let (.unsigned(a), .unsigned(b)), let (.negative(a), .negative(b)): return a == b
        case let (.bytes(a), .bytes(b)): return a == b
        case let (.text(a), .text(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.map(a), .map(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.tagged(t, a), .tagged(u, b)): return t == u && a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null), (.undefined, .undefined): return true
        case let (.simple(a), .simple(b)): return a == b
        case let (.float(a), .float(b)): return a == b
        default: return false
        }
    }

    /// The value for a text key in a map.
    subscript(key: String) -> CBORValue? {
        guard case let .map(pairs) = self else { return nil }
        return pairs.first { $0.key == .text(key) }?.value
    }

    /// The value for an integer key in a map (COSE header labels are integers).
    subscript(label label: Int) -> CBORValue? {
        guard case let .map(pairs) = self else { return nil }
        let key: CBORValue = label >= 0 ? .unsigned(UInt64(label)) : .negative(UInt64(-1 - label))
        return pairs.first { $0.key == key }?.value
    }

    var text: String? { if case let .text(value) = self { return value }; return nil }
    var bytes: [UInt8]? { if case let .bytes(value) = self { return value }; return nil }
    var array: [CBORValue]? { if case let .array(value) = self { return value }; return nil }

    var integer: Int? {
        switch self {
        case let .unsigned(value): return value <= UInt64(Int.max) ? Int(value) : nil
        case let .negative(value): return value < UInt64(Int.max) ? -1 - Int(value) : nil
        default: return nil
        }
    }

    /// The item with any tags removed.
    var untagged: CBORValue {
        if case let .tagged(_, inner) = self { return inner.untagged }
        return self
    }
}
