/// What `GET /v1/pipeline` answers: the experts a pipeline runs, the models they load and how images are routed.
public struct PipelineDescription: Sendable, Codable, Equatable {
    public struct Expert: Sendable, Codable, Equatable {
        public var name: String
        public var roles: [String]
        public var weight: Double
        public var trusted: Bool
        public var decisive: Bool

        public init(name: String, roles: [String], weight: Double, trusted: Bool, decisive: Bool) {
            self.name = name
            self.roles = roles
            self.weight = weight
            self.trusted = trusted
            self.decisive = decisive
        }
    }

    public struct Model: Sendable, Codable, Equatable {
        public var name: String
        public var sha256: String
        public var license: String

        public init(name: String, sha256: String, license: String) {
            self.name = name
            self.sha256 = sha256
            self.license = license
        }
    }

    public var name: String
    public var routing: String
    public var aggregation: String
    public var threshold: Double
    public var uncertainBand: Double
    public var experts: [Expert]
    public var models: [Model]
    /// The server's version; filled in by the server, not the pipeline.
    public var version: String

    public init(name: String, routing: String, aggregation: String, threshold: Double, uncertainBand: Double,
                experts: [Expert], models: [Model], version: String = "") {
        self.name = name
        self.routing = routing
        self.aggregation = aggregation
        self.threshold = threshold
        self.uncertainBand = uncertainBand
        self.experts = experts
        self.models = models
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case name, routing, aggregation, threshold, experts, models, version
        case uncertainBand = "uncertain_band"
    }
}
