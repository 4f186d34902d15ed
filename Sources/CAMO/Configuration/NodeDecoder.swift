import Yams

/// A `Decoder` over one YAML node; containers report what they read to the shared `NodeDecodingState`.
struct NodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let state: NodeDecodingState
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, codingPath: [any CodingKey], state: NodeDecodingState) throws(ConfigurationError) {
        try state.visit(codingPath, node)
        self.node = node
        self.codingPath = codingPath
        self.state = state
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .mapping(mapping) = node else {
            throw state.error(at: codingPath, node: node, "expected a mapping of keys to values, found \(Self.kind(node))")
        }
        var entries: [String: Node] = [:]
        var keys: [(String, Int?)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw state.error(at: codingPath, node: keyNode, "keys must be plain strings")
            }
            guard entries[key] == nil else {
                throw state.error(at: codingPath, node: keyNode, "key '\(key)' appears twice")
            }
            entries[key] = value
            keys.append((key, keyNode.mark?.line))
        }
        state.register(mapping: keys, at: codingPath)
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(entries: entries, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .sequence(sequence) = node else {
            throw state.error(at: codingPath, node: node, "expected a list, found \(Self.kind(node))")
        }
        return NodeUnkeyedContainer(elements: Array(sequence), decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        NodeSingleValueContainer(decoder: self)
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Decodes a scalar into a standard type, or fails with a message that quotes what was found.
    func scalar<T>(_ type: T.Type, _ construct: (Node) -> T?) throws -> T {
        guard case .scalar = node, let value = construct(node) else {
            throw state.error(
                at: codingPath, node: node, "expected \(NodeDecodingState.describe(type)), found \(Self.kind(node))")
        }
        return value
    }

    func child(_ node: Node, key: any CodingKey) throws -> NodeDecoder {
        try NodeDecoder(node: node, codingPath: codingPath + [key], state: state)
    }
}

struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [String: Node]
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        for key in entries.keys { decoder.state.request(key, at: codingPath) }
        return entries.keys.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        decoder.state.request(key.stringValue, at: codingPath)
        return entries[key.stringValue] != nil
    }

    private func node(_ key: Key) throws -> Node {
        decoder.state.request(key.stringValue, at: codingPath)
        guard let node = entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required key is missing"))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        let value = try node(key)
        if case let .scalar(scalar) = value { return scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: decoder.child(node(key), key: key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(node(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(node(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder.child(node(key), key: key) }
}

struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [Node]
    let decoder: NodeDecoder
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "the list has only \(elements.count) items"))
        }
        defer { currentIndex += 1 }
        return try decoder.child(elements[currentIndex], key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case let .scalar(scalar) = elements[currentIndex], scalar.string == "~" || scalar.string == "null" else {
            return false
        }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct NodeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case let .scalar(scalar) = decoder.node { return scalar.string == "~" || scalar.string == "null" }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.scalar(type) { $0.bool } }
    func decode(_ type: String.Type) throws -> String { try decoder.scalar(type) { $0.string } }
    func decode(_ type: Double.Type) throws -> Double { try decoder.scalar(type) { $0.float ?? $0.int.map(Double.init) } }
    func decode(_ type: Float.Type) throws -> Float { try Float(decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.scalar(type) { $0.int } }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try decoder.scalar(type) { node in node.int.flatMap { T(exactly: $0) } }
    }
}
