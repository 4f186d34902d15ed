import CAMOForensics
import Foundation

/// Looks for the invisible watermarks Stable Diffusion releases embed (`imwatermark` dwtDct payloads).
/// Below the agreement threshold it is not applicable: an absent watermark proves nothing.
public struct WatermarkExpert: Expert {
    public let name: String
    public var analyzer: WatermarkAnalyzer

    public init(name: String = "watermark", analyzer: WatermarkAnalyzer = WatermarkAnalyzer()) {
        self.name = name
        self.analyzer = analyzer
    }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let report = analyzer.analyze(context.image)
        var evidence: [String: String] = [:]
        if let best = report.best {
            evidence["best_payload"] = best.payload
            evidence["agreement"] = String(format: "%.3f", best.agreement)
            evidence["p_value"] = String(format: "%.2g", best.pValue)
        }
        guard report.applicable, let pFake = report.pFake, let best = report.best else {
            return .notApplicable("no known watermark payload", evidence: evidence)
        }
        return ExpertOpinion(pFake: pFake, reason: "watermark payload \(best.payload) at \(Int(best.agreement * 100))% bit agreement",
                             evidence: evidence)
    }
}
