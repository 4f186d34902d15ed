import Foundation
import Yams

/// Decodes YAML configuration into `Decodable` types, strictly: unknown keys, duplicate keys, wrong types and
/// missing keys are errors that name the file, the key path and the line, and list the keys that were expected.
///
/// Unknown keys are found by recording every key a type asks for (synthesised `Codable` and `decodeIfPresent`
/// ask for all of theirs) and comparing, after decoding, with the keys the document holds.
public struct ConfigurationDecoder: Sendable {
    /// Documents larger than this are refused before parsing.
    public var maximumBytes: Int = 1 << 20
    /// Nodes visited while decoding, aliases included: bounds "billion laughs" documents.
    public var maximumNodes: Int = 200_000

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from yaml: String, file: String) throws(ConfigurationError) -> T {
        guard yaml.utf8.count <= maximumBytes else {
            throw ConfigurationError(file: file, keyPath: "", message: "file is \(yaml.utf8.count) bytes; the limit is \(maximumBytes)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigurationError(file: file, keyPath: "", message: "the document is empty")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(file: file, keyPath: "", line: Self.line(of: error), message: "not valid YAML: \(error)")
        } catch {
            throw ConfigurationError(file: file, keyPath: "", message: "not valid YAML: \(error)")
        }
        let state = NodeDecodingState(file: file, maximumNodes: maximumNodes)
        let value: T
        do {
            value = try T(from: NodeDecoder(node: root, codingPath: [], state: state))
        } catch let error as ConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw state.error(from: error)
        } catch {
            throw ConfigurationError(file: file, keyPath: "", message: "\(error)")
        }
        if let unknown = state.firstUnknownKey() { throw unknown }
        return value
    }

    /// Reads and decodes a file.
    public func decode<T: Decodable>(_ type: T.Type, contentsOf url: URL) throws(ConfigurationError) -> T {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = attributes?[.size] as? Int, size > maximumBytes {
            throw ConfigurationError(file: url.path, keyPath: "", message: "file is \(size) bytes; the limit is \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigurationError(file: url.path, keyPath: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: url.path, keyPath: "", message: "the file is not UTF-8 text")
        }
        return try decode(type, from: text, file: url.path)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }
}

/// Bookkeeping shared by every container of one decode: keys asked for, keys present, the node budget.
final class NodeDecodingState {
    let file: String
    let maximumNodes: Int
    private(set) var nodesVisited = 0
    private var requestedKeys: [String: Set<String>] = [:]
    private var presentKeys: [(path: String, key: String, line: Int?)] = []
    private var registeredMappings: Set<String> = []

    init(file: String, maximumNodes: Int) {
        self.file = file
        self.maximumNodes = maximumNodes
    }

    func visit(_ codingPath: [any CodingKey], _ node: Node) throws(ConfigurationError) {
        nodesVisited += 1
        if nodesVisited > maximumNodes {
            throw error(at: codingPath, node: node, "the document expands to more than \(maximumNodes) nodes")
        }
    }

    func register(mapping keys: [(String, Int?)], at codingPath: [any CodingKey]) {
        let path = Self.render(codingPath)
        guard registeredMappings.insert(path).inserted else { return }
        for (key, line) in keys { presentKeys.append((path, key, line)) }
    }

    func request(_ key: String, at codingPath: [any CodingKey]) {
        requestedKeys[Self.render(codingPath), default: []].insert(key)
    }

    func firstUnknownKey() -> ConfigurationError? {
        for entry in presentKeys {
            let requested = requestedKeys[entry.path] ?? []
            if !requested.contains(entry.key) {
                let expected = requested.sorted().joined(separator: ", ")
                let keyPath = entry.path.isEmpty ? entry.key : "\(entry.path).\(entry.key)"
                return ConfigurationError(
                    file: file, keyPath: keyPath, line: entry.line,
                    message: "unknown key '\(entry.key)'" + (expected.isEmpty ? "" : "; expected one of: \(expected)"))
            }
        }
        return nil
    }

    func error(at codingPath: [any CodingKey], node: Node?, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, keyPath: Self.render(codingPath), line: node?.mark?.line, message: message)
    }

    func error(from decodingError: DecodingError) -> ConfigurationError {
        switch decodingError {
        case let .keyNotFound(key, context):
            // A misspelt key is the usual cause of a missing one: name the misspelling.
            let path = Self.render(context.codingPath)
            let requested = requestedKeys[path] ?? []
            if let typo = presentKeys.first(where: {
                $0.path == path && !requested.contains($0.key) && Self.editDistance($0.key, key.stringValue) <= 2
            }) {
                return ConfigurationError(
                    file: file, keyPath: path.isEmpty ? typo.key : "\(path).\(typo.key)", line: typo.line,
                    message: "unknown key '\(typo.key)'; did you mean '\(key.stringValue)'?")
            }
            return ConfigurationError(
                file: file, keyPath: Self.render(context.codingPath + [key]), message: "required key is missing")
        case let .typeMismatch(type, context):
            return ConfigurationError(
                file: file, keyPath: Self.render(context.codingPath), message: "expected \(Self.describe(type)); \(context.debugDescription)")
        case let .valueNotFound(type, context):
            return ConfigurationError(
                file: file, keyPath: Self.render(context.codingPath), message: "expected \(Self.describe(type)), found nothing")
        case let .dataCorrupted(context):
            return ConfigurationError(file: file, keyPath: Self.render(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ConfigurationError(file: file, keyPath: "", message: "\(decodingError)")
        }
    }

    /// Levenshtein distance, for "did you mean" hints on short keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        default: return "\(type)"
        }
    }

    static func render(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
