import CAMOVision
import Foundation

/// One perturbation alone, for training subsets that isolate a single effect. Each draws its strength from
/// the image's seeded stream, so the same (seed, key) always gives the same output. The building blocks are
/// `Augmenter`'s, so a subset named `noise` perturbs exactly as the L3 level's noise step does.
public enum SingleTransform: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// A random resized crop (scale 0.2–1, aspect 3/4–4/3) scaled back to the input size.
    case crop
    /// Area down-sampling by 2–6 and back (DeeperForensics' resolution loss).
    case resize
    /// A rotation of ±20° about the centre, corners filled black, size kept.
    case rotation
    /// A horizontal flip, always.
    case hflip
    /// Horizontal and vertical flips, each with probability 0.5.
    case flips
    /// Saturation and contrast at one DeeperForensics severity (1–5).
    case colour
    /// A JPEG round trip at quality 30–90.
    case jpeg
    /// Gaussian noise at one DeeperForensics severity.
    case noise
    /// Gaussian blur at one DeeperForensics severity.
    case blur

    public var description: String { rawValue }

    /// Applies the transform; `random` is the image's own stream. Returns the image and what was done.
    public func apply(to image: Image, random: inout SeededGenerator) throws -> (image: Image, steps: [String]) {
        switch self {
        case .crop:
            let rect = Augmenter.randomResizedCrop(width: image.width, height: image.height, random: &random)
            return (try image.cropped(to: rect).resized(to: image.size, method: .pillowBilinear), ["crop \(rect)"])
        case .resize:
            let factor = Int(random.next() % 5) + 2
            return (try Augmenter.resampled(image, factor: factor), ["down/up-sampling ×\(factor)"])
        case .rotation:
            let degrees = random.uniform(-20, 20)
            return (try image.rotated(byDegrees: degrees), [String(format: "rotate %.1f°", degrees)])
        case .hflip:
            return (image.flippedHorizontally(), ["flip horizontal"])
        case .flips:
            var steps: [String] = []
            let result = Augmenter.randomlyFlipped(image, random: &random, steps: &steps)
            return (result, steps)
        case .colour:
            let level = Self.severity(&random)
            let result = Augmenter.contrasted(Augmenter.saturated(image, factor: level.saturation), factor: level.contrast)
            return (result, ["severity \(level.severity)", "saturation \(level.saturation)", "contrast \(level.contrast)"])
        case .jpeg:
            let quality = Int(random.next() % 61) + 30
            let bytes = try ImageEncoder.jpeg(image, options: JPEGEncodingOptions(quality: quality))
            return (try ImageDecoder.decode(bytes).image, ["JPEG q\(quality)"])
        case .noise:
            let level = Self.severity(&random)
            return (Augmenter.noised(image, variance: level.noiseVariance, random: &random),
                    ["severity \(level.severity)", "noise variance \(level.noiseVariance)"])
        case .blur:
            let level = Self.severity(&random)
            return (Augmenter.blurred(image, kernel: level.blurKernel, sigma: Double(level.blurKernel) / 6),
                    ["severity \(level.severity)", "blur k=\(level.blurKernel)"])
        }
    }

    private static func severity(_ random: inout SeededGenerator) -> DistortionLevel {
        DistortionLevel(severity: Int(random.next() % 5) + 1)
    }
}
