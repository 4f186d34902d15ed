import CAMOVision

/// The least-squares similarity transform (rotation, uniform scale, translation; never a
/// reflection) taking `source` points onto `destination` points: Umeyama (1991), as scikit-image's
/// `SimilarityTransform.estimate` computes it. In two dimensions his SVD has a closed form:
/// with the cross-covariance [[p, q], [r, s]], scale × rotation is
/// [[p + s, q − r], [r − q, p + s]] divided by the source's variance.
enum SimilarityFit {
    static func transform(from source: [Point], to destination: [Point]) -> AffineTransform? {
        guard source.count == destination.count, source.count >= 2 else { return nil }
        let n = Double(source.count)
        let sourceMean = Point(x: source.map(\.x).reduce(0, +) / n, y: source.map(\.y).reduce(0, +) / n)
        let destinationMean = Point(x: destination.map(\.x).reduce(0, +) / n, y: destination.map(\.y).reduce(0, +) / n)
        var p = 0.0, q = 0.0, r = 0.0, s = 0.0, variance = 0.0
        for (from, to) in zip(source, destination) {
            let fx = from.x - sourceMean.x, fy = from.y - sourceMean.y
            let tx = to.x - destinationMean.x, ty = to.y - destinationMean.y
            p += tx * fx
            q += tx * fy
            r += ty * fx
            s += ty * fy
            variance += fx * fx + fy * fy
        }
        guard variance > 0, variance.isFinite else { return nil }
        let a = (p + s) / variance
        let b = (r - q) / variance
        guard a.isFinite, b.isFinite, a != 0 || b != 0 else { return nil }
        return AffineTransform(
            a: a, b: -b, c: destinationMean.x - (a * sourceMean.x - b * sourceMean.y),
            d: b, e: a, f: destinationMean.y - (b * sourceMean.x + a * sourceMean.y)
        )
    }
}
