import CAMOVision

/// Crops and aligns faces as DeepfakeBench's `img_align_crop` does: five landmarks are fitted
/// to a template by a similarity transform, and the image is warped bilinearly
/// (`cv2.warpAffine`) into a square crop with a margin around the template face.
///
/// ```swift
/// let aligned = try FaceAligner().align(image, landmarks: predictor.landmarks(in: image, face: box))
/// ```
public struct FaceAligner: Sendable {
    public let options: FaceAlignmentOptions
    /// Where the chosen landmarks land in the crop.
    public let destinationPoints: [Point]

    public init(options: FaceAlignmentOptions = FaceAlignmentOptions()) throws(FaceAlignmentError) {
        guard options.outputSize > 0, options.outputSize <= 16_384 else {
            throw .invalidOptions("output size \(options.outputSize) must be between 1 and 16384")
        }
        guard options.margin.isFinite, options.margin > 0 else {
            throw .invalidOptions("margin \(options.margin) must be positive")
        }
        guard options.templateFrameSize.isFinite, options.templateFrameSize > 0 else {
            throw .invalidOptions("template frame size \(options.templateFrameSize) must be positive")
        }
        guard options.template.count == options.landmarkIndices.count, options.template.count >= 2 else {
            throw .invalidOptions("\(options.template.count) template points for \(options.landmarkIndices.count) landmarks; both must match and be at least 2")
        }
        guard options.landmarkIndices.allSatisfy({ $0 >= 0 }) else {
            throw .invalidOptions("landmark indices must not be negative")
        }
        self.options = options
        self.destinationPoints = Self.destination(options)
    }

    /// The template scaled to the crop, then shrunk towards the crop's centre by the margin.
    /// `Float` steps, as DeepfakeBench computes its `float32` template array.
    private static func destination(_ options: FaceAlignmentOptions) -> [Point] {
        let size = Double(options.outputSize)
        let border = size * (options.margin - 1) / 2
        let shrink = Float(size / (size + 2 * border))
        return options.template.map { point in
            var x = Float(point.x) * Float(size) / Float(options.templateFrameSize)
            var y = Float(point.y) * Float(size) / Float(options.templateFrameSize)
            x = (x + Float(border)) * shrink
            y = (y + Float(border)) * shrink
            return Point(x: Double(x), y: Double(y))
        }
    }

    /// The source → crop transform for these landmarks. DeepfakeBench only ever sees dlib's
    /// integer points, so the points are rounded as dlib rounds them first.
    public func transform(for landmarks: FaceLandmarks) throws(FaceAlignmentError) -> AffineTransform {
        let points = landmarks.dlibRoundedPoints
        var source: [Point] = []
        for index in options.landmarkIndices {
            guard index < points.count else { throw .missingLandmark(index: index, count: points.count) }
            source.append(points[index])
        }
        guard let transform = SimilarityFit.transform(from: source, to: destinationPoints) else {
            throw .degenerateLandmarks
        }
        return transform
    }

    public func align(_ image: Image, landmarks: FaceLandmarks) throws(FaceAlignmentError) -> AlignedFace {
        let transform = try transform(for: landmarks)
        let size = Size(width: options.outputSize, height: options.outputSize)
        let crop: Image
        do {
            crop = try image.warpedAffine(transform, to: size)
        } catch {
            throw .warpFailed(error.description)
        }
        let carried = landmarks.dlibRoundedPoints.map { transform.apply(to: $0) }
        let mask: GrayImage
        do {
            mask = try GrayImage(width: size.width, height: size.height, pixels: ConvexHullMask.fill(carried, size: size))
        } catch {
            throw .invalidOptions(error.description)
        }
        return AlignedFace(image: crop, transform: transform, landmarks: carried, mask: mask)
    }
}
