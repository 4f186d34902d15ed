/// Running raw moments of a stream of values: mean |v|, standard deviation and excess kurtosis without storing it.
struct MomentAccumulator: Sendable {
    private(set) var count = 0
    private var sum = 0.0, sumAbs = 0.0, sum2 = 0.0, sum3 = 0.0, sum4 = 0.0

    /// Variances below this count as zero, so kurtosis of a (nearly) constant residual is 0 rather than noise.
    static let varianceFloor = 1e-9

    @inline(__always)
    mutating func add(_ value: Double) {
        let square = value * value
        count += 1
        sum += value; sumAbs += abs(value); sum2 += square; sum3 += square * value; sum4 += square * square
    }

    /// Adds another accumulator's values.
    mutating func merge(_ other: MomentAccumulator) {
        count += other.count
        sum += other.sum; sumAbs += other.sumAbs; sum2 += other.sum2; sum3 += other.sum3; sum4 += other.sum4
    }

    var mean: Double { count == 0 ? 0 : sum / Double(count) }
    var meanAbsolute: Double { count == 0 ? 0 : sumAbs / Double(count) }
    var meanSquare: Double { count == 0 ? 0 : sum2 / Double(count) }

    var variance: Double {
        guard count > 0 else { return 0 }
        let mu = mean
        return max(0, sum2 / Double(count) - mu * mu)
    }

    var standardDeviation: Double { variance.squareRoot() }

    /// `m4 / m2² − 3` with central moments; 0 when the variance is below `varianceFloor`.
    var excessKurtosis: Double {
        let m2 = variance
        guard m2 >= Self.varianceFloor else { return 0 }
        let n = Double(count), mu = mean
        let m4 = sum4 / n - 4 * mu * sum3 / n + 6 * mu * mu * sum2 / n - 3 * mu * mu * mu * mu
        return max(0, m4) / (m2 * m2) - 3
    }
}
