import CAMOVision
import Foundation

/// Looks for the invisible watermarks Stable Diffusion releases embed.
public struct WatermarkAnalyzer: Sendable {
    public struct Options: Sendable, Equatable {
        /// Fraction of payload bits that must agree before the analyzer is applicable. Default 0.9:
        /// clean dev images reach at most 0.72 (on the 32-bit payload), and under fair coin flips
        /// 29 of 32 bits agree with probability 1.2·10⁻⁶.
        public var agreementThreshold = 0.9
        /// Probability of "generated" reported for a detected payload. Default 0.99.
        public var pFakeWhenDetected = 0.99
        public var decoder = InvisibleWatermarkDecoder.Options()
        public init() {}
    }

    public var payloads: [WatermarkPayload]
    public var options: Options

    public init(payloads: [WatermarkPayload] = WatermarkPayload.stableDiffusion, options: Options = Options()) {
        self.payloads = payloads
        self.options = options
    }

    public func analyze(_ image: Image) -> WatermarkReport {
        let votes: [UInt8]
        do {
            votes = try InvisibleWatermarkDecoder(options: options.decoder).blockVotes(image)
        } catch {
            return WatermarkReport(applicable: false, pFake: nil, best: nil, matches: [], notes: [error.description])
        }
        let matches = payloads.map { payload in
            let bits = InvisibleWatermarkDecoder.bits(fromVotes: votes, length: payload.bits.count)
            let matching = zip(bits, payload.bits).filter { $0 == $1 }.count
            return WatermarkMatch(
                payload: payload.name, bits: String(bits.map { $0 ? "1" : "0" }), matchingBits: matching,
                length: payload.bits.count, agreement: Double(matching) / Double(payload.bits.count),
                pValue: Self.binomialUpperTail(atLeast: matching, of: payload.bits.count))
        }
        let best = matches.min { $0.pValue < $1.pValue }
        let detected = (best?.agreement ?? 0) >= options.agreementThreshold
        return WatermarkReport(
            applicable: detected, pFake: detected ? options.pFakeWhenDetected : nil, best: best, matches: matches, notes: [])
    }

    /// P(X ≥ k) for X ~ Binomial(n, ½), summed in log space so 136-bit payloads do not overflow.
    static func binomialUpperTail(atLeast k: Int, of n: Int) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        let logHalfToN = Double(n) * log(0.5)
        var total = 0.0
        for i in k...n {
            total += exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + logHalfToN)
        }
        return min(1, total)
    }
}
