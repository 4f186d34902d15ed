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

    }

    public struct ExpertSummary: Sendable, Codable, Equatable {
        public var name: String
        /// The expert's own score.
        public var pFake: Double?
        /// The score through the pipeline's calibration (nil without one, for evidence experts, or when not applicable).
        public var pFakeCalibrated: Double?
        /// Whether the calibration data found this expert informative; nil without a calibration or for evidence experts.
        public var informative: Bool?
        public var weight: Double
        public var applicable: Bool
        public var reason: String?
        public var evidence: [String: String]
        public var regions: [RegionScore]
        public var error: String?
        public var ms: Double

        public init(name: String, pFake: Double?, weight: Double, applicable: Bool, reason: String?, evidence: [String: String],
                    regions: [RegionScore], error: String?, ms: Double) {
            self.name = name
            self.pFake = pFake
            self.weight = weight
            self.applicable = applicable
            self.reason = reason
            self.evidence = evidence
            self.regions = regions
            self.error = error
            self.ms = ms
        }
    }

    /// `JSONConvention.schemaVersion` when CAMO wrote it; nil in documents of schema 1.
    public var schemaVersion: Int? = JSONConvention.schemaVersion
    public var image: ImageSummary
    public var verdict: Verdict
    /// What the verdict rests on, and one sentence a reader can act on.
    public var basis: VerdictBasis
    public var reason: String
    /// The probability the verdict was judged by: the evidence's, the calibrated combined score, or (without a
    /// calibration) the raw aggregate.
    public var pFake: Double?
    /// The experts' raw aggregate, before calibration.
    public var pFakeRaw: Double?
    /// The fixed threshold of an uncalibrated pipeline (`basis: uncalibrated_experts`).
    public var threshold: Double
    /// The calibrated decision rule, when the pipeline has a calibration.
    public var decision: DecisionSummary?
    public var route: RouteSummary?
    public var gate: GateSummary?
    public var experts: [ExpertSummary]
    /// Failures that did not stop the result: an expert that threw, an image that could not be decoded.
    public var errors: [String]
    /// Milliseconds: `decode`, `gate`, `experts`, `total`.
    public var timingsMs: [String: Double]

    /// The result for an image that could not be judged at all (unreadable bytes).
    public static func failure(id: String, threshold: Double, error: String, timingsMs: [String: Double] = [:]) -> DetectionResult {
        DetectionResult(
            image: ImageSummary(id: id), verdict: .uncertain, basis: .none, reason: "The image could not be judged: \(error).",
            pFake: nil, pFakeRaw: nil, threshold: threshold, decision: nil, route: nil, gate: nil,
            experts: [], errors: [error], timingsMs: timingsMs)
    }
}
