import CAMOVision
import Foundation

/// Applies a robustness level to an image, deterministically for a (seed, image key) pair, and encodes the
/// result as the bytes a detector is given.
public struct Augmenter: Sendable {
    public struct Options: Sendable, Equatable {
        /// Side of the square L0–L3 output; default 256.
        public var outputSide: Int
        /// Quality of the final JPEG re-encode of L0–L3; default 75.
        public var finalJPEGQuality: Int

        public init(outputSide: Int = 256, finalJPEGQuality: Int = 75) {
            self.outputSide = outputSide
            self.finalJPEGQuality = finalJPEGQuality
        }
    }

    /// What an augmentation did, for reports and `camo augment`.
    public struct Output: Sendable {
        public var image: Image
        /// The encoded bytes (JPEG for L0–L3 and chain).
        public var bytes: Data
        public var steps: [String]
    }

    public var level: AugmentationLevel
    public var seed: UInt64
    public var options: Options

    public init(level: AugmentationLevel, seed: UInt64 = 0, options: Options = Options()) {
        self.level = level
        self.seed = seed
        self.options = options
    }

    /// Augments `image`; `key` (the image's sha256 or dataset id) picks its random stream.
    public func apply(to image: Image, key: String) throws(EvaluationError) -> Output {
        var random = SeededGenerator(seed: seed, key: key)
        var steps: [String] = []
        do {
            var result = image
            switch level {
            case .none:
                return Output(image: image, bytes: try ImageEncoder.png(image), steps: [])
            case .chain:
                return try chain(image)
            case .reencode:
                return try Self.reencoded(image)
            case .l0:
                result = try centreSquare(image, steps: &steps)
            case .l1, .l2, .l3:
                result = try geometric(image, random: &random, steps: &steps)
            }
            if level == .l2 || level == .l3 {
                let distortion = DistortionLevel(severity: Int(random.next() % 5) + 1)
                steps.append("severity \(distortion.severity)")
                result = Self.saturated(result, factor: distortion.saturation)
                result = Self.contrasted(result, factor: distortion.contrast)
                result = try Self.resampled(result, factor: distortion.resamplingFactor)
                steps += ["saturation \(distortion.saturation)", "contrast \(distortion.contrast)",
                          "down/up-sampling ×\(distortion.resamplingFactor)"]
                if level == .l3 {
                    result = Self.noised(result, variance: distortion.noiseVariance, random: &random)
                    result = Self.blurred(result, kernel: distortion.blurKernel, sigma: Double(distortion.blurKernel) / 6)
                    steps += ["noise variance \(distortion.noiseVariance)", "blur k=\(distortion.blurKernel)"]
                }
            }
            let bytes = try ImageEncoder.jpeg(result, options: JPEGEncodingOptions(quality: options.finalJPEGQuality))
            steps.append("JPEG q\(options.finalJPEGQuality)")
            return Output(image: try ImageDecoder.decode(bytes).image, bytes: bytes, steps: steps)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .augmentationFailed("\(level) on \(key): \(error)")
        }
    }

    private func centreSquare(_ image: Image, steps: inout [String]) throws -> Image {
        let side = min(image.width, image.height)
        let square = try image.cropped(to: Rect(x: (image.width - side) / 2, y: (image.height - side) / 2, width: side, height: side))
        steps.append("centre crop \(side)")
        return try square.resized(to: Size(width: options.outputSide, height: options.outputSide), method: .pillowBilinear)
    }

    /// torchvision's RandomRotation(20), RandomResizedCrop(scale 0.2–1, ratio 3/4–4/3), then both flips at p = 0.5.
    private func geometric(_ image: Image, random: inout SeededGenerator, steps: inout [String]) throws -> Image {
        let degrees = random.uniform(-20, 20)
        var result = try image.rotated(byDegrees: degrees)
        steps.append(String(format: "rotate %.1f°", degrees))
        let crop = Self.randomResizedCrop(width: result.width, height: result.height, random: &random)
        result = try result.cropped(to: crop).resized(to: Size(width: options.outputSide, height: options.outputSide),
                                                       method: .pillowBilinear)
        steps.append("crop \(crop)")
        return Self.randomlyFlipped(result, random: &random, steps: &steps)
    }

    /// Horizontal and vertical flips, each with p = 0.5.
    static func randomlyFlipped(_ image: Image, random: inout SeededGenerator, steps: inout [String]) -> Image {
        var result = image
        if random.chance(0.5) {
            result = result.flippedHorizontally()
            steps.append("flip horizontal")
        }
        if random.chance(0.5) {
            result = result.flippedVertically()
            steps.append("flip vertical")
        }
        return result
    }

    static func randomResizedCrop(width: Int, height: Int, random: inout SeededGenerator) -> Rect {
        let area = Double(width * height)
        for _ in 0..<10 {
            let target = area * random.uniform(0.2, 1.0)
            let aspect = exp(random.uniform(log(3.0 / 4.0), log(4.0 / 3.0)))
            let w = Int((target * aspect).squareRoot().rounded())
            let h = Int((target / aspect).squareRoot().rounded())
            if w > 0, h > 0, w <= width, h <= height {
                let x = Int(random.next() % UInt64(width - w + 1))
                let y = Int(random.next() % UInt64(height - h + 1))
                return Rect(x: x, y: y, width: w, height: h)
            }
        }
        let side = min(width, height)
        return Rect(x: (width - side) / 2, y: (height - side) / 2, width: side, height: side)
    }

    /// Scales chroma about the BT.601 luma: factor 0 gives grey.
    static func saturated(_ image: Image, factor: Double) -> Image {
        var result = image
        for i in stride(from: 0, to: result.pixels.count, by: 3) {
            let r = Double(image.pixels[i]), g = Double(image.pixels[i + 1]), b = Double(image.pixels[i + 2])
            let luma = 0.299 * r + 0.587 * g + 0.114 * b
            result.pixels[i] = clamp(luma + (r - luma) * factor)
            result.pixels[i + 1] = clamp(luma + (g - luma) * factor)
            result.pixels[i + 2] = clamp(luma + (b - luma) * factor)
        }
        return result
    }

    /// DeeperForensics' contrast change: every value multiplied by `factor`.
    static func contrasted(_ image: Image, factor: Double) -> Image {
        var result = image
        for i in result.pixels.indices { result.pixels[i] = clamp(Double(image.pixels[i]) * factor) }
        return result
    }

    /// Area down-sampling by `factor`, then back to the original size.
    static func resampled(_ image: Image, factor: Int) throws -> Image {
        let small = Size(width: max(1, image.width / factor), height: max(1, image.height / factor))
        return try image.resized(to: small, method: .area).resized(to: image.size, method: .area)
    }

    static func noised(_ image: Image, variance: Double, random: inout SeededGenerator) -> Image {
        let sigma = variance.squareRoot() * 255
        var result = image
        for i in result.pixels.indices {
            // Box–Muller.
            let u1 = max(random.uniform(0, 1), .leastNonzeroMagnitude)
            let u2 = random.uniform(0, 1)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            result.pixels[i] = clamp(Double(image.pixels[i]) + sigma * normal)
        }
        return result
    }

    /// Separable Gaussian blur with reflect-101 borders (OpenCV's default).
    static func blurred(_ image: Image, kernel: Int, sigma: Double) -> Image {
        let radius = kernel / 2
        var weights = (0..<kernel).map { exp(-Double(($0 - radius) * ($0 - radius)) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        func reflect(_ i: Int, _ n: Int) -> Int {
            guard n > 1 else { return 0 }
            var j = i
            while j < 0 || j >= n { j = j < 0 ? -j : 2 * (n - 1) - j }
            return j
        }
        let w = image.width, h = image.height
        var horizontal = [Double](repeating: 0, count: image.pixels.count)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<3 {
                    var sum = 0.0
                    for k in 0..<kernel { sum += weights[k] * Double(image.pixels[(y * w + reflect(x + k - radius, w)) * 3 + c]) }
                    horizontal[(y * w + x) * 3 + c] = sum
                }
            }
        }
        var result = image
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<3 {
                    var sum = 0.0
                    for k in 0..<kernel { sum += weights[k] * horizontal[(reflect(y + k - radius, h) * w + x) * 3 + c] }
                    result.pixels[(y * w + x) * 3 + c] = clamp(sum)
                }
            }
        }
        return result
    }

    private func chain(_ image: Image) throws -> Output {
        let half = Size(width: max(1, image.width / 2), height: max(1, image.height / 2))
        var result = try image.resized(to: half, method: .area)
        result = try ImageDecoder.decode(ImageEncoder.jpeg(result, options: JPEGEncodingOptions(quality: 55))).image
        result = try ImageDecoder.decode(ImageEncoder.webp(result, quality: 75)).image
        let bytes = try ImageEncoder.jpeg(result, options: JPEGEncodingOptions(quality: 80))
        return Output(image: try ImageDecoder.decode(bytes).image, bytes: bytes,
                      steps: ["downscale ×0.5", "JPEG q55", "WebP q75", "JPEG q80"])
    }

    /// Longest side at most 512, JPEG q85: how `reencode` makes every image alike.
    static func reencoded(_ image: Image) throws -> Output {
        var result = image
        var steps: [String] = []
        let longest = max(image.width, image.height)
        if longest > 512 {
            result = try image.resized(byFactor: 512 / Double(longest), method: .area)
            steps.append("resize to \(result.width)×\(result.height)")
        }
        let bytes = try ImageEncoder.jpeg(result, options: JPEGEncodingOptions(quality: 85))
        steps.append("JPEG q85")
        return Output(image: try ImageDecoder.decode(bytes).image, bytes: bytes, steps: steps)
    }

    private static func clamp(_ value: Double) -> UInt8 {
        UInt8(min(max(value.rounded(), 0), 255))
    }
}
