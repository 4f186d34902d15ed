import CAMOGate

/// Everything CAMO says about one image: the one schema the CLI, the server and evaluation reports print.
/// Documented in `docs/result-schema.md`; keep it stable (add fields, never rename).
public struct DetectionResult: Sendable, Codable {
    public struct ImageSummary: Sendable, Codable, Equatable {
        public var id: String
        public var sha256: String?
        public var width: Int?
        public var height: Int?
        public var format: String?
    }

    public struct RouteSummary: Sendable, Codable, Equatable {
        public var mode: RoutingMode
        public var content: GateContent?
        public var categories: [String]
        public var experts: [Router.Route]
        public var aggregation: Aggregation.Method
        public var explanation: String
    }

    public struct GateSummary: Sendable, Codable, Equatable {
        public var faces: [GateFace]
        public var objects: [GateObject]
        public var notes: [String]
        public var timingsMs: [String: Double]

        enum CodingKeys: String, CodingKey {
            case faces, objects, notes
            case timingsMs = "timings_ms"
        }
    }

    public struct ExpertSummary: Sendable, Codable, Equatable {
        public var name: String
        public var pFake: Double?
        public var weight: Double
        public var applicable: Bool
        public var reason: String?
        public var evidence: [String: String]
        public var regions: [RegionScore]
        public var error: String?
        public var ms: Double

        enum CodingKeys: String, CodingKey {
            case name, weight, applicable, reason, evidence, regions, error, ms
            case pFake = "p_fake"
        }
    }

    public var image: ImageSummary
    public var verdict: Verdict
    public var pFake: Double?
    public var threshold: Double
    public var route: RouteSummary?
    public var gate: GateSummary?
    public var experts: [ExpertSummary]
    /// Failures that did not stop the result: an expert that threw, an image that could not be decoded.
    public var errors: [String]
    /// Milliseconds: `decode`, `gate`, `experts`, `total`.
    public var timingsMs: [String: Double]

    enum CodingKeys: String, CodingKey {
        case image, verdict, threshold, route, gate, experts, errors
        case pFake = "p_fake"
        case timingsMs = "timings_ms"
    }

    /// The result for an image that could not be judged at all (unreadable bytes).
    public static func failure(id: String, threshold: Double, error: String, timingsMs: [String: Double] = [:]) -> DetectionResult {
        DetectionResult(
            image: ImageSummary(id: id), verdict: .uncertain, pFake: nil, threshold: threshold, route: nil, gate: nil,
            experts: [], errors: [error], timingsMs: timingsMs)
    }
}
