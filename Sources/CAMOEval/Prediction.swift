import CAMO
import Foundation

/// What one system said about one (possibly augmented) image: the part of a `DetectionResult` evaluation needs.
public struct Prediction: Sendable, Codable, Equatable {
    /// `JSONConvention.schemaVersion` of `predictions.jsonl`; nil in predictions cached by older versions.
    public var schemaVersion: Int? = JSONConvention.schemaVersion
    public var id: String
    public var sha256: String
    public var system: String
    public var augmentation: String
    /// The probability the verdict was judged by (calibrated when the pipeline has a calibration).
    public var pFake: Double?
    /// The experts' raw aggregate, before calibration (nil in predictions cached by older versions).
    public var pFakeRaw: Double?
    public var verdict: String
    /// `evidence`, `calibrated_experts`, `none` or `uncalibrated_experts` (nil in older cached predictions).
    public var basis: String?
    /// The gate's content decision, when the gate ran.
    public var content: String?
    /// The experts that ran, in route order.
    public var route: [String]
    /// Each expert's own score, when it judged the image.
    public var experts: [String: Double]
    /// Each of those experts' route weight.
    public var expertWeights: [String: Double]?
    public var errors: [String]
    public var milliseconds: Double

    public init(id: String, sha256: String, system: String, augmentation: String, result: DetectionResult) {
        self.id = id
        self.sha256 = sha256
        self.system = system
        self.augmentation = augmentation
        pFake = result.pFake
        pFakeRaw = result.pFakeRaw
        verdict = result.verdict.rawValue
        basis = result.basis.rawValue
        content = result.route?.content?.rawValue
        route = result.route?.experts.map(\.expert) ?? []
        var scores: [String: Double] = [:]
        var weights: [String: Double] = [:]
        for expert in result.experts where expert.applicable {
            if let p = expert.pFake {
                scores[expert.name] = p
                weights[expert.name] = expert.weight
            }
        }
        experts = scores
        expertWeights = weights
        errors = result.errors
        milliseconds = result.timingsMs["total"] ?? 0
    }

    public init(id: String, sha256: String, system: String, augmentation: String, failure: String) {
        self.id = id
        self.sha256 = sha256
        self.system = system
        self.augmentation = augmentation
        pFake = nil
        verdict = "uncertain"
        basis = VerdictBasis.none.rawValue
        content = nil
        route = []
        experts = [:]
        errors = [failure]
        milliseconds = 0
    }

    /// The route as one slice value: `face: ucf+npr`.
    public var routeDescription: String {
        "\(content ?? "none"): \(route.isEmpty ? "-" : route.joined(separator: "+"))"
    }
}
