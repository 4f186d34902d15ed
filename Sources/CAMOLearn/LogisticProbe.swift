import Foundation

/// L2-regularised logistic regression, meant for wide embeddings with few rows (say 1280 features, 500 rows).
///
/// Minimises C·Σ log-loss + ½‖w‖² over standardised features with a truncated Newton method (conjugate gradients on
/// Hessian–vector products), so the cost per step stays linear in rows × features however wide the input is.
public struct LogisticProbe: Sendable, Codable, Equatable {
    public let featureNames: [String]
    /// Per-feature centre subtracted before weighting (0 without standardisation).
    public let means: [Double]
    /// Per-feature divisor applied after centring (1 without standardisation or for a constant feature).
    public let scales: [Double]
    /// Weights on the standardised features.
    public let coefficients: [Double]
    public let intercept: Double

    public static func fit(_ x: FeatureMatrix, labels: [Bool], options: LogisticProbeOptions = .init())
        throws(LearnError) -> Self
    {
        try options.validate()
        try checkTrainingSet(x, labels: labels)
        let (means, scales) = options.standardize ? standardization(of: x) : (
            [Double](repeating: 0, count: x.columnCount), [Double](repeating: 1, count: x.columnCount))
        let problem = LogisticObjective(x, labels: labels, means: means, scales: scales,
                                        c: options.inverseRegularization)
        let theta = problem.minimise(maxIterations: options.maxIterations, tolerance: options.tolerance)
        return Self(featureNames: x.names, means: means, scales: scales,
                    coefficients: Array(theta.dropLast()), intercept: theta[theta.count - 1])
    }

    private init(featureNames: [String], means: [Double], scales: [Double], coefficients: [Double], intercept: Double) {
        self.featureNames = featureNames
        self.means = means
        self.scales = scales
        self.coefficients = coefficients
        self.intercept = intercept
    }

    /// P(label == true) for one row of `featureNames.count` values (extra values are ignored, missing ones count as the mean).
    public func probability(of row: ArraySlice<Float>) -> Double {
        sigmoid(rawScore(of: row))
    }

    /// The log-odds before the logistic link.
    public func rawScore(of row: ArraySlice<Float>) -> Double {
        var z = intercept
        var column = 0
        for value in row.prefix(coefficients.count) {
            z += coefficients[column] * (Double(value) - means[column]) / scales[column]
            column += 1
        }
        return z
    }

    public func probabilities(_ x: FeatureMatrix) -> [Double] {
        (0..<x.rowCount).map { probability(of: x.row($0)) }
    }

    /// Column means and population standard deviations, as scikit-learn's `StandardScaler`; a constant column keeps
    /// scale 1.
    private static func standardization(of x: FeatureMatrix) -> (means: [Double], scales: [Double]) {
        var means = [Double](repeating: 0, count: x.columnCount)
        var scales = [Double](repeating: 0, count: x.columnCount)
        let n = Double(x.rowCount)
        for row in 0..<x.rowCount {
            for column in 0..<x.columnCount { means[column] += Double(x[row, column]) }
        }
        for column in means.indices { means[column] /= n }
        for row in 0..<x.rowCount {
            for column in 0..<x.columnCount {
                let d = Double(x[row, column]) - means[column]
                scales[column] += d * d
            }
        }
        for column in scales.indices {
            let deviation = (scales[column] / n).squareRoot()
            scales[column] = deviation > 10 * Double.ulpOfOne * max(1, abs(means[column])) ? deviation : 1
        }
        return (means, scales)
    }

    private enum CodingKeys: String, CodingKey { case featureNames, means, scales, coefficients, intercept }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        featureNames = try container.decode([String].self, forKey: .featureNames)
        means = try container.decode([Double].self, forKey: .means)
        scales = try container.decode([Double].self, forKey: .scales)
        coefficients = try container.decode([Double].self, forKey: .coefficients)
        intercept = try container.decode(Double.self, forKey: .intercept)
        let count = featureNames.count
        try decoder.reject(
            means.count != count || scales.count != count || coefficients.count != count
                ? "means, scales and coefficients need \(count) values each"
                : !(means + coefficients + [intercept]).allSatisfy(\.isFinite)
                ? "a mean, coefficient or the intercept is not finite"
                : !scales.allSatisfy({ $0.isFinite && $0 > 0 }) ? "scales must be finite and positive" : nil)
    }
}
