/// What the invisible-watermark analyzer found.
public struct WatermarkReport: Codable, Sendable, Equatable {
    /// True when a known payload was read with agreement at or above the analyzer's threshold.
    public var applicable: Bool
    /// Probability that the image is generated; nil when not applicable.
    public var pFake: Double?
    /// The best-matching payload, whether or not it passed the threshold.
    public var best: WatermarkMatch?
    /// Every known payload's agreement.
    public var matches: [WatermarkMatch]
    /// Why no payload could be read (e.g. the image is too small).
    public var notes: [String]

    public init(applicable: Bool, pFake: Double?, best: WatermarkMatch?, matches: [WatermarkMatch], notes: [String]) {
        self.applicable = applicable
        self.pFake = pFake
        self.best = best
        self.matches = matches
        self.notes = notes
    }
}

/// How well the bits read from an image agree with one known payload.
public struct WatermarkMatch: Codable, Sendable, Equatable {
    public var payload: String
    /// The bits read, as a string of 0 and 1.
    public var bits: String
    public var matchingBits: Int
    public var length: Int
    /// `matchingBits / length`.
    public var agreement: Double
    /// Chance of at least this agreement if the bits were fair coin flips (binomial upper tail).
    public var pValue: Double

    public init(payload: String, bits: String, matchingBits: Int, length: Int, agreement: Double, pValue: Double) {
        self.payload = payload
        self.bits = bits
        self.matchingBits = matchingBits
        self.length = length
        self.agreement = agreement
        self.pValue = pValue
    }
}
