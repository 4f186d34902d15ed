import CAMO
import Foundation

/// What one system said about one (possibly augmented) image: the part of a `DetectionResult` evaluation needs.
public struct Prediction: Sendable, Codable, Equatable {
    public var id: String
    public var sha256: String
    public var system: String
    public var augmentation: String
    public var pFake: Double?
    public var verdict: String
    /// The gate's content decision, when the gate ran.
    public var content: String?
    /// The experts that ran, in route order.
    public var route: [String]
    /// Each expert's own score, when it judged the image.
    public var experts: [String: Double]
    public var errors: [String]
    public var milliseconds: Double

    public init(id: String, sha256: String, system: String, augmentation: String, result: DetectionResult) {
        self.id = id
        self.sha256 = sha256
        self.system = system
        self.augmentation = augmentation
        pFake = result.pFake
        verdict = result.verdict.rawValue
        content = result.route?.content?.rawValue
        route = result.route?.experts.map(\.expert) ?? []
        var scores: [String: Double] = [:]
        for expert in result.experts where expert.applicable {
            if let p = expert.pFake { scores[expert.name] = p }
        }
        experts = scores
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
