/// A configuration file (pipeline, registry) that cannot be used, with where and why.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The key path inside the document, e.g. `experts[2].model`; empty for the document itself.
    public var keyPath: String
    /// 1-based line in the file, when known.
    public var line: Int?
    public var message: String

    public init(file: String, keyPath: String, line: Int? = nil, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
