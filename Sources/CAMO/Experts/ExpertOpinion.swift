/// What one expert concluded about one image.
public struct ExpertOpinion: Sendable, Codable, Equatable {
    /// Probability that the image (or the part the expert judged) is AI-generated or manipulated; `nil` when not applicable.
    public var pFake: Double?
    /// Whether the expert could judge this image at all (a face expert without faces, a metadata expert without metadata).
    public var applicable: Bool
    /// Why the expert was not applicable, or a one-line summary of what it saw.
    public var reason: String?
    /// Small structured details a person can read: generator names, payloads, scores per face.
    public var evidence: [String: String]
    /// Scores of the regions the expert judged separately (faces, object boxes, tiles).
    public var regions: [RegionScore]

    public init(pFake: Double, reason: String? = nil, evidence: [String: String] = [:], regions: [RegionScore] = []) {
        self.pFake = min(max(pFake, 0), 1)
        self.applicable = true
        self.reason = reason
        self.evidence = evidence
        self.regions = regions
    }

    /// An opinion that does not count: the expert had nothing to judge.
    public static func notApplicable(_ reason: String, evidence: [String: String] = [:]) -> ExpertOpinion {
        var opinion = ExpertOpinion(pFake: 0, reason: reason, evidence: evidence)
        opinion.pFake = nil
        opinion.applicable = false
        return opinion
    }
}

/// One region's score, in original image pixels.
public struct RegionScore: Sendable, Codable, Equatable {
    /// `face`, `object:<class>`, `tile`.
    public var kind: String
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double
    public var pFake: Double

    public init(kind: String, x1: Double, y1: Double, x2: Double, y2: Double, pFake: Double) {
        self.kind = kind
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
        self.pFake = pFake
    }
}
