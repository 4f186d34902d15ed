/// Any key, so that a decoder can list every key an object holds.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Model files are read strictly: a key the format does not define means a different or damaged file.
    func rejectUnknownKeys<Key: CodingKey>(_ keys: Key.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where Key(stringValue: key.stringValue) == nil {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath + [key], debugDescription: "unknown key \"\(key.stringValue)\""))
        }
    }

    /// Throws a `DecodingError` at this decoder's path when `problem` is non-nil.
    func reject(_ problem: String?) throws {
        if let problem {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: problem))
        }
    }
}

extension DecodingError {
    /// What is wrong and at which key path, for messages that name a file: `at experts.mesonet.map: missing key "method"`.
    public var locatedDescription: String {
        func location(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .dataCorrupted(let context):
            return "at \(location(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "at \(location(context.codingPath)): missing key \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "at \(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}
