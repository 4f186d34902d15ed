import CAMO
import CAMORuntime
import Foundation

/// A ComfyUI workflow in API format ("Save (API Format)") with placeholders CAMO fills per image:
/// `{{prompt}}`, `{{negative_prompt}}`, `{{seed}}`, `{{width}}`, `{{height}}`, `{{steps}}`, `{{guidance}}`,
/// `{{sampler}}`, `{{scheduler}}`, `{{checkpoint}}`, `{{denoise}}`. A string that is exactly one placeholder becomes the
/// value with its type (a number for `{{seed}}`); a placeholder inside longer text is replaced as text.
public struct ComfyUIWorkflow: @unchecked Sendable {
    public static let placeholders = ["prompt", "negative_prompt", "seed", "width", "height", "steps", "guidance", "sampler",
                                      "scheduler", "checkpoint", "denoise"]

    /// The parsed JSON object (immutable after loading, hence the unchecked Sendable).
    let template: [String: Any]
    public let used: Set<String>
    /// SHA-256 of the file as read: a changed workflow makes new twins.
    public let sha256: String

    public init(data: Data, file: String) throws(ConfigurationError) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigurationError(file: file, keyPath: "", message: "not a JSON object (export the workflow with Save (API Format))")
        }
        guard object.values.allSatisfy({ ($0 as? [String: Any])?["class_type"] is String }) else {
            throw ConfigurationError(file: file, keyPath: "", message: "not an API-format workflow: every node needs a class_type")
        }
        var used = Set<String>()
        Self.collect(object, into: &used)
        if let unknown = used.subtracting(Self.placeholders).sorted().first {
            throw ConfigurationError(file: file, keyPath: "", message: "unknown placeholder {{\(unknown)}}; known: "
                + Self.placeholders.map { "{{\($0)}}" }.joined(separator: ", "))
        }
        guard used.contains("prompt") else {
            throw ConfigurationError(file: file, keyPath: "", message: "the workflow has no {{prompt}} placeholder")
        }
        template = object
        self.used = used
        sha256 = SHA256.hexDigest([UInt8](data))
    }

    public init(contentsOf url: URL) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigurationError(file: url.path, keyPath: "", message: "cannot read the workflow file")
        }
        try self.init(data: data, file: url.path)
    }

    /// The workflow with every placeholder replaced; a placeholder with no value is an error naming it.
    public func filled(with values: [String: ParameterValue]) throws(EngineFailure) -> [String: Any] {
        if let missing = used.subtracting(values.keys).sorted().first {
            throw .failure("workflow placeholder without a value", "{{\(missing)}}: set it in the model's entry")
        }
        return Self.fill(template, values) as? [String: Any] ?? [:]
    }

    private static func fill(_ node: Any, _ values: [String: ParameterValue]) -> Any {
        switch node {
        case let object as [String: Any]: return object.mapValues { fill($0, values) }
        case let array as [Any]: return array.map { fill($0, values) }
        case let text as String:
            if text.hasPrefix("{{"), text.hasSuffix("}}"), let value = values[String(text.dropFirst(2).dropLast(2))] { return value.json }
            var result = text
            for (name, value) in values where result.contains("{{\(name)}}") {
                let replacement: String = switch value {
                case .string(let s): s
                case .integer(let i): String(i)
                case .number(let d): String(d)
                case .bool(let b): String(b)
                }
                result = result.replacingOccurrences(of: "{{\(name)}}", with: replacement)
            }
            return result
        default: return node
        }
    }

    private static func collect(_ node: Any, into used: inout Set<String>) {
        switch node {
        case let object as [String: Any]: object.values.forEach { collect($0, into: &used) }
        case let array as [Any]: array.forEach { collect($0, into: &used) }
        case let text as String:
            var rest = Substring(text)
            while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
                used.insert(String(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
        default: break
        }
    }
}
