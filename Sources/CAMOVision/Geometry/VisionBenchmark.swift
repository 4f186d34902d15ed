/// Timings of the pre-processing steps every model input goes through, for `camo image bench`.
/// Medians of repeated runs on synthetic images; nothing here asserts a speed.
public enum VisionBenchmark {
    public struct Timing: Sendable, Hashable, CustomStringConvertible {
        public let label: String
        public let iterations: Int
        public let medianMilliseconds: Double
        public let minimumMilliseconds: Double

        public var description: String {
            let median = (medianMilliseconds * 100).rounded() / 100
            let minimum = (minimumMilliseconds * 100).rounded() / 100
            return "\(label): median \(median) ms, min \(minimum) ms over \(iterations) runs"
        }
    }

    /// Runs `body` once to warm up, then `iterations` times, and reports the median.
    public static func measure<Failure: Error>(
        _ label: String, iterations: Int, _ body: () throws(Failure) -> Void
    ) throws(Failure) -> Timing {
        let runs = max(iterations, 1)
        try body()
        let clock = ContinuousClock()
        var samples = [Double]()
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = clock.now
            try body()
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        samples.sort()
        return Timing(label: label, iterations: runs, medianMilliseconds: samples[runs / 2], minimumMilliseconds: samples[0])
    }

    /// The standard set: a 12-megapixel photo to detector and classifier input sizes with the
    /// resize methods pipelines use, a face-alignment warp, and tensor conversion.
    public static func standardSuite(iterations: Int = 15) throws(ImageError) -> [Timing] {
        let photo = try Image.testPattern(width: 4000, height: 3000)
        let detectorInput = Size(width: 640, height: 640)
        var timings = [Timing]()
        for method in [ResizeMethod.bilinear, .area, .nearest, .pillowBilinear, .pillowBicubic, .lanczos] {
            let label = "resize 4000×3000 → 640×640 \(method.rawValue)"
            timings.append(try measure(label, iterations: iterations) { () throws(ImageError) in
                _ = try photo.resized(to: detectorInput, method: method)
            })
        }
        let alignment = AffineTransform.rotation(degrees: 12, about: Point(x: 2000, y: 1500), scale: 0.1)
            .followed(by: .translation(x: -72, y: -22))
        timings.append(try measure("warpAffine 4000×3000 → 256×256", iterations: iterations) { () throws(ImageError) in
            _ = try photo.warpedAffine(alignment, to: Size(width: 256, height: 256))
        })
        let input = try photo.resized(to: detectorInput, method: .bilinear)
        timings.append(measure("planarFloats 640×640 ImageNet", iterations: iterations) {
            _ = input.planarFloats(normalization: .imageNet)
        })
        let letterboxSource = try photo.resized(to: Size(width: 1920, height: 1080), method: .area)
        timings.append(try measure("letterbox 1920×1080 → 640×640", iterations: iterations) { () throws(ImageError) in
            _ = try letterboxSource.letterboxed(to: detectorInput)
        })
        return timings
    }
}
