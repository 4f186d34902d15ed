import CAMOVision
import Foundation

/// How training images are made alike before any model learns from them (issue: "shortcut control"): every copy,
/// real or fake, is resized by a random factor, randomly cropped and JPEG-encoded at a random quality, and some
/// copies end as PNG, so neither the file format, nor the size, nor metadata can tell the label.
public struct ShortcutControl: Sendable, Equatable {
    /// Longest side an image is first brought under, so a 4k photo and a 512² render start from comparable scales.
    public var maximumSide: Int
    /// Range of the random resize factor.
    public var scale: ClosedRange<Double>
    /// Share of each side the random crop keeps, at least.
    public var minimumCropShare: Double
    /// Range of the JPEG quality.
    public var jpegQuality: ClosedRange<Int>
    /// Probability that a copy's bytes end as PNG (a lossless round trip of the JPEG-degraded pixels).
    public var pngShare: Double
    public var seed: UInt64

    public init(maximumSide: Int = 1024, scale: ClosedRange<Double> = 0.5...1.5, minimumCropShare: Double = 0.7,
                jpegQuality: ClosedRange<Int> = 60...100, pngShare: Double = 0.3, seed: UInt64 = 0) {
        self.maximumSide = maximumSide
        self.scale = scale
        self.minimumCropShare = minimumCropShare
        self.jpegQuality = jpegQuality
        self.pngShare = pngShare
        self.seed = seed
    }

    /// The `copy`-th training copy of the image whose identity is `key`: deterministic for (seed, key, copy).
    public func trainingCopy(of image: Image, key: String, copy: Int) throws(EvaluationError) -> Augmenter.Output {
        var random = SeededGenerator(seed: seed, key: "\(key)#\(copy)")
        var steps: [String] = []
        do {
            var result = image
            let longest = max(image.width, image.height)
            let factor = random.uniform(scale.lowerBound, scale.upperBound) * min(1, Double(maximumSide) / Double(longest))
            let size = Size(width: max(8, Int((Double(image.width) * factor).rounded())),
                            height: max(8, Int((Double(image.height) * factor).rounded())))
            result = try result.resized(to: size, method: factor < 1 ? .area : .bilinear)
            steps.append(String(format: "resize ×%.2f", factor))
            let width = max(8, Int(Double(size.width) * random.uniform(minimumCropShare, 1)))
            let height = max(8, Int(Double(size.height) * random.uniform(minimumCropShare, 1)))
            let x = Int(random.next() % UInt64(size.width - min(width, size.width) + 1))
            let y = Int(random.next() % UInt64(size.height - min(height, size.height) + 1))
            result = try result.cropped(to: Rect(x: x, y: y, width: min(width, size.width), height: min(height, size.height)))
            steps.append("crop \(result.width)×\(result.height)")
            let quality = jpegQuality.lowerBound + Int(random.next() % UInt64(jpegQuality.count))
            var bytes = try ImageEncoder.jpeg(result, options: JPEGEncodingOptions(quality: quality))
            steps.append("JPEG q\(quality)")
            result = try ImageDecoder.decode(bytes).image
            if random.chance(pngShare) {
                bytes = try ImageEncoder.png(result)
                steps.append("PNG")
            }
            return Augmenter.Output(image: result, bytes: bytes, steps: steps)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .augmentationFailed("training copy \(copy) of \(key): \(error)")
        }
    }
}
