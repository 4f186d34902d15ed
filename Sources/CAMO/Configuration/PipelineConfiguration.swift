import CAMOGate
import Foundation

/// A pipeline as written in YAML (`pipelines/default.yaml`): the gate, the experts and what they serve,
/// routing, aggregation and the threshold.
public struct PipelineConfiguration: Decodable {
    public var name: String
    public var description: String?
    public var gate: GateConfiguration
    public var experts: [ExpertConfiguration]
    public var routing: RoutingMode
    public var aggregation: Aggregation.Method
    /// For `aggregation: learned`: the `camo train aggregator` file, relative to the pipeline file.
    public var aggregator: String?
    /// Scores above this are `fake`.
    public var threshold: Double
    /// Scores within this distance of the threshold are `uncertain`.
    public var uncertainBand: Double
    /// The `camo calibrate` file, relative to the pipeline file.
    public var calibration: String?
    /// The error budget of calibrated verdicts (`alpha:`, `beta:`).
    public var errorBudget: ErrorBudget
    /// The file it came from, for error messages.
    public private(set) var file: String = ""

    enum CodingKeys: String, CodingKey {
        case name, description, gate, experts, routing, aggregation, aggregator, threshold, calibration, alpha, beta
        case uncertainBand = "uncertain_band"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        gate = try c.decodeIfPresent(GateConfiguration.self, forKey: .gate) ?? GateConfiguration()
        experts = try c.decode([ExpertConfiguration].self, forKey: .experts)
        routing = try c.decodeIfPresent(RoutingMode.self, forKey: .routing) ?? .hard
        aggregation = try c.decodeIfPresent(Aggregation.Method.self, forKey: .aggregation) ?? .max
        aggregator = try c.decodeIfPresent(String.self, forKey: .aggregator)
        guard (aggregation == .learned) == (aggregator != nil) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.aggregator],
                debugDescription: "aggregation: learned needs `aggregator: <trained file>`, and only it takes one"))
        }
        guard aggregation != .learned || routing == .soft else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.routing],
                debugDescription: "aggregation: learned reads every expert's score, as it was trained: use routing: soft"))
        }
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0.5
        uncertainBand = try c.decodeIfPresent(Double.self, forKey: .uncertainBand) ?? 0
        guard (0...1).contains(threshold) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.threshold], debugDescription: "threshold must be between 0 and 1"))
        }
        calibration = try c.decodeIfPresent(String.self, forKey: .calibration)
        let defaults = ErrorBudget()
        errorBudget = ErrorBudget(alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? defaults.alpha,
                                  beta: try c.decodeIfPresent(Double.self, forKey: .beta) ?? defaults.beta)
        if let problem = errorBudget.problem {
            let key: CodingKeys = problem.hasPrefix("alpha") ? .alpha : .beta
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: problem))
        }
    }

    /// Reads and checks a pipeline file: strict keys, unique expert names.
    public init(contentsOf url: URL) throws(ConfigurationError) {
        self = try ConfigurationDecoder().decode(Self.self, contentsOf: url)
        file = url.path
        try validate()
    }

    public init(yaml: String, file: String) throws(ConfigurationError) {
        self = try ConfigurationDecoder().decode(Self.self, from: yaml, file: file)
        self.file = file
        try validate()
    }

    private func validate() throws(ConfigurationError) {
        var names = Set<String>()
        for (index, expert) in experts.enumerated() where !names.insert(expert.name).inserted {
            throw ConfigurationError(file: file, keyPath: "experts[\(index)].name", message: "expert name '\(expert.name)' is used twice")
        }
        if experts.isEmpty {
            throw ConfigurationError(file: file, keyPath: "experts", message: "a pipeline needs at least one expert")
        }
    }
}
