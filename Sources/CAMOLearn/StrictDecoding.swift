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
