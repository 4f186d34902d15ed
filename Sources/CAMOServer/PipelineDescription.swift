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

    /// A model file the pipeline runs, as the model registry describes it.
    public struct Model: Sendable, Codable, Equatable {
        /// The registry name (for a file the pipeline names by path: that path).
        public var name: String
        /// `gate.face_detector`, `gate.object_detector`, `gate.landmarks` or `experts.<expert name>`.
        public var usedBy: String
        public var file: String
        public var sha256: String
        public var bytes: Int
        public var licence: String
        /// The licence forbids commercial use (or is unknown).
        public var researchOnly: Bool

        public init(name: String, usedBy: String, file: String, sha256: String, bytes: Int, licence: String, researchOnly: Bool) {
            self.name = name
            self.usedBy = usedBy
            self.file = file
            self.sha256 = sha256
            self.bytes = bytes
            self.licence = licence
            self.researchOnly = researchOnly
        }

        enum CodingKeys: String, CodingKey {
            case name, file, sha256, bytes, licence
            case usedBy = "used_by"
            case researchOnly = "research_only"
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
