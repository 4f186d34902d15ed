/// The linear part (scale × rotation) of the least-squares similarity transform from the mean
/// shape to the current shape, rounded to `Float` as dlib's `extract_feature_pixel_values` does.
struct ShapeSimilarity {
    var m00: Float
    var m01: Float
    var m10: Float
    var m11: Float
}

/// dlib's `find_similarity_transform` (Umeyama 1991) with the mean shape always as the "from"
/// side, so its centroid, spread and centred points are computed once per model.
///
/// For 2×2 covariances, Umeyama's SVD has a closed form: with covariance [[p, q], [r, s]] the
/// best rotation is proportional to [[p + s, q − r], [r − q, p + s]], whose norm is the sum of
/// the singular values when det ≥ 0 and their difference when det < 0 (the sign flip Umeyama
/// uses to rule out reflections), which is exactly his scale times the spread. So that matrix
/// divided by the from-spread is scale × rotation. Sums run in `Double` in dlib's order.
struct MeanShapeStatistics: Sendable {
    private let centred: [Double]
    private let spread: Double

    init(_ meanShape: [Float]) {
        let count = meanShape.count / 2
        var meanX = 0.0
        var meanY = 0.0
        for i in 0..<count {
            meanX += Double(meanShape[2 * i])
            meanY += Double(meanShape[2 * i + 1])
        }
        meanX /= Double(max(count, 1))
        meanY /= Double(max(count, 1))
        var centred = [Double](repeating: 0, count: 2 * count)
        var spread = 0.0
        for i in 0..<count {
            centred[2 * i] = Double(meanShape[2 * i]) - meanX
            centred[2 * i + 1] = Double(meanShape[2 * i + 1]) - meanY
            spread += centred[2 * i] * centred[2 * i] + centred[2 * i + 1] * centred[2 * i + 1]
        }
        self.centred = centred
        self.spread = spread / Double(max(count, 1))
    }

    func similarity(to shape: UnsafeBufferPointer<Float>) -> ShapeSimilarity {
        let count = shape.count / 2
        // dlib returns the identity for single-point shapes.
        guard count > 1 else { return ShapeSimilarity(m00: 1, m01: 0, m10: 0, m11: 1) }
        var meanX = 0.0
        var meanY = 0.0
        for i in 0..<count {
            meanX += Double(shape[2 * i])
            meanY += Double(shape[2 * i + 1])
        }
        meanX /= Double(count)
        meanY /= Double(count)
        var p = 0.0, q = 0.0, r = 0.0, s = 0.0
        for i in 0..<count {
            let toX = Double(shape[2 * i]) - meanX
            let toY = Double(shape[2 * i + 1]) - meanY
            let fromX = centred[2 * i]
            let fromY = centred[2 * i + 1]
            p += toX * fromX
            q += toX * fromY
            r += toY * fromX
            s += toY * fromY
        }
        let n = Double(count)
        p /= n
        q /= n
        r /= n
        s /= n
        let cosine = p + s
        let sine = r - q
        // A mean shape with no spread leaves dlib's scale at 1: keep only the rotation.
        let norm = spread != 0 ? spread : (cosine * cosine + sine * sine).squareRoot()
        guard norm != 0 else { return ShapeSimilarity(m00: 1, m01: 0, m10: 0, m11: 1) }
        return ShapeSimilarity(
            m00: Float(cosine / norm), m01: Float(-sine / norm),
            m10: Float(sine / norm), m11: Float(cosine / norm)
        )
    }
}
