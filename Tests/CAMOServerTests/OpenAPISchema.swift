import Foundation
import Yams

/// The served OpenAPI document, able to check a JSON body against the schema it declares for a response.
/// Covers the JSON Schema keywords the document uses: $ref, type, enum, required, properties,
/// additionalProperties, items, minItems, maxItems, minimum, maximum, oneOf.
struct OpenAPISchema {
    let document: [String: Any]

    init(yaml: String) throws {
        guard let document = try Yams.load(yaml: yaml) as? [String: Any] else {
            throw Failure("the document is not a YAML mapping")
        }
        self.document = document
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The schema of `path`'s `method` response with `status`, in `application/json`, resolving response refs.
    func responseSchema(path: String, method: String, status: Int) throws -> [String: Any] {
        guard let paths = document["paths"] as? [String: Any], let item = paths[path] as? [String: Any],
              let operation = item[method] as? [String: Any], let responses = operation["responses"] as? [String: Any],
              var response = responses[String(status)] as? [String: Any]
        else { throw Failure("the document declares no \(status) response for \(method.uppercased()) \(path)") }
        if let ref = response["$ref"] as? String { response = try resolve(ref) }
        guard let content = response["content"] as? [String: Any], let json = content["application/json"] as? [String: Any],
              let schema = json["schema"] as? [String: Any]
        else { throw Failure("the \(status) response of \(path) has no application/json schema") }
        return schema
    }

    func resolve(_ ref: String) throws -> [String: Any] {
        guard ref.hasPrefix("#/") else { throw Failure("only local refs are supported: \(ref)") }
        var node: Any = document
        for key in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(key)] else { throw Failure("unresolved ref \(ref)") }
            node = next
        }
        guard let schema = node as? [String: Any] else { throw Failure("ref \(ref) is not a mapping") }
        return schema
    }

    /// Every way `value` breaks `schema`, each with its JSON path; empty when it conforms.
    func violations(_ value: JSONValue, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            do { return violations(value, try resolve(ref), at: path) } catch { return ["\(path): \(error)"] }
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { violations(value, $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): matches \(matching) of the oneOf schemas, not exactly one"]
        }
        var problems: [String] = []
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [(type as? String) ?? ""]
            if !allowed.contains(where: { Self.has(value, type: $0) }) {
                return ["\(path): expected \(allowed.joined(separator: " or ")), got \(value)"]
            }
        }
        if let options = schema["enum"] as? [Any], case .string(let text) = value, !options.contains(where: { ($0 as? String) == text }) {
            problems.append("\(path): '\(text)' is not one of \(options)")
        }
        if let pattern = schema["pattern"] as? String, case .string(let text) = value,
           text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): '\(text)' does not match \(pattern)")
        }
        if case .number(let number) = value {
            if let minimum = Self.double(schema["minimum"]), number < minimum { problems.append("\(path): \(number) < \(minimum)") }
            if let maximum = Self.double(schema["maximum"]), number > maximum { problems.append("\(path): \(number) > \(maximum)") }
        }
        if case .array(let items) = value {
            if let minimum = schema["minItems"] as? Int, items.count < minimum { problems.append("\(path): fewer than \(minimum) items") }
            if let maximum = schema["maxItems"] as? Int, items.count > maximum { problems.append("\(path): more than \(maximum) items") }
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { problems += violations(item, itemSchema, at: "\(path)[\(index)]") }
            }
        }
        if case .object(let fields) = value {
            for key in (schema["required"] as? [String]) ?? [] where fields[key] == nil {
                problems.append("\(path): missing required '\(key)'")
            }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for (key, field) in fields {
                if let propertySchema = properties[key] as? [String: Any] {
                    problems += violations(field, propertySchema, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    problems += violations(field, extra, at: "\(path).\(key)")
                } else if (schema["additionalProperties"] as? Bool) == false {
                    problems.append("\(path): '\(key)' is not in the schema")
                }
            }
        }
        return problems
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }

    private static func double(_ any: Any?) -> Double? {
        (any as? Double) ?? (any as? Int).map(Double.init)
    }
}
