/// The robustness levels: the augmentations the original network's validators applied to challenges.
public enum AugmentationLevel: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The image as given.
    case none
    /// Centre crop to a square, resize to 256.
    case l0 = "L0"
    /// Rotation ±20°, random resized crop (scale 0.2–1.0) to 256, horizontal and vertical flips p = 0.5.
    case l1 = "L1"
    /// L1, then colour saturation, contrast and JPEG-style down/up-sampling at one random level.
    case l2 = "L2"
    /// L1, then saturation, contrast, JPEG-style, Gaussian noise and Gaussian blur at one random level.
    case l3 = "L3"
    /// Downscale ×0.5 → JPEG q55 → WebP q75 → JPEG q80: a re-shared image.
    case chain
    /// Every image encoded alike: longest side at most 512 (area resampling), JPEG q85, no metadata. Removes the
    /// format and size shortcuts a data set may carry ("PNG ⇒ fake").
    case reencode

    /// Parses `none`, `L0`…`L3` (any case), `chain` or `reencode`.
    public init(parsing text: String) throws(EvaluationError) {
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            throw .unknownAugmentation(text)
        }
        self = level
    }

    public var description: String { rawValue }
}

/// DeeperForensics-1.0 distortion parameters for severity levels 1–5.
public struct DistortionLevel: Sendable, Equatable {
    /// 1…5.
    public var severity: Int
    /// Chroma is scaled by this factor (1 keeps colour, 0 is grey).
    public var saturation: Double { [0.4, 0.3, 0.2, 0.1, 0.0][severity - 1] }
    /// Pixel values are multiplied by this factor.
    public var contrast: Double { [0.85, 0.725, 0.6, 0.475, 0.35][severity - 1] }
    /// Variance of the additive noise on [0, 1] pixel values.
    public var noiseVariance: Double { [0.001, 0.002, 0.005, 0.01, 0.05][severity - 1] }
    /// Gaussian kernel size; σ = kernel / 6.
    public var blurKernel: Int { [7, 9, 13, 17, 21][severity - 1] }
    /// DeeperForensics' "JPEG compression": area down-sampling by this factor and back.
    public var resamplingFactor: Int { [2, 3, 4, 5, 6][severity - 1] }

    public init(severity: Int) {
        self.severity = min(max(severity, 1), 5)
    }
}
