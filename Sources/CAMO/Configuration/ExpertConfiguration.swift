/// One entry of a pipeline's `experts:` list.
public struct ExpertConfiguration: Decodable {
    /// Unique within the pipeline.
    public var name: String
    /// Registered kind (`ExpertRegistry`), e.g. `onnx-classifier`, `provenance`.
    public var kind: String
    /// What the expert is for: `face`, `general`, `evidence`, `category:<group>`.
    public var serves: [ExpertRole]
    public var weight: Double
    public var trusted: Bool
    public var decisive: Bool
    /// Kind-specific settings, decoded by the kind's factory.
    public var options: ConfigurationNode?

    enum CodingKeys: String, CodingKey {
        case name, kind, serves, weight, trusted, decisive, options
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(String.self, forKey: .kind)
        serves = try c.decode([ExpertRole].self, forKey: .serves)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        trusted = try c.decodeIfPresent(Bool.self, forKey: .trusted) ?? false
        decisive = try c.decodeIfPresent(Bool.self, forKey: .decisive) ?? false
        options = try c.decodeIfPresent(ConfigurationNode.self, forKey: .options)
        guard weight >= 0, weight.isFinite else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.weight], debugDescription: "weight must be a finite number ≥ 0"))
        }
    }
}
