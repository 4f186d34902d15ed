/// A model that cannot be used: not registered, missing, or not the file the registry describes.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownModel(name: String, known: [String])
    case missingFile(name: String, path: String, sha256: String, source: String)
    case sizeMismatch(name: String, path: String, expected: Int, actual: Int)
    case hashMismatch(name: String, path: String, expected: String, actual: String)
    case unreadable(name: String, path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownModel(name, known):
            return "no model named '\(name)' in the registry; known: \(known.joined(separator: ", "))"
        case let .missingFile(name, path, sha256, source):
            return "model '\(name)' is missing: expected \(path) (sha256 \(sha256)). Get it from: \(source); "
                + "set CAMO_MODELS to the folder that holds it"
        case let .sizeMismatch(name, path, expected, actual):
            return "model '\(name)' at \(path) is \(actual) bytes, the registry says \(expected): the file is not the registered one"
        case let .hashMismatch(name, path, expected, actual):
            return "model '\(name)' at \(path) has sha256 \(actual), the registry says \(expected): the file was altered or replaced"
        case let .unreadable(name, path, reason):
            return "model '\(name)' at \(path) cannot be read: \(reason)"
        }
    }
}
