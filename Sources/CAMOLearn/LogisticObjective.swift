import Foundation

/// C·Σᵢ log-loss(yᵢ, w·zᵢ + b) + ½‖w‖² over standardised rows zᵢ, minimised by truncated Newton steps.
struct LogisticObjective {
    private let z: [Double]  // row-major, rows × features
    private let y: [Double]
    private let rows: Int
    private let features: Int
    private let c: Double

    init(_ x: FeatureMatrix, labels: [Bool], means: [Double], scales: [Double], c: Double) {
        var z = [Double](repeating: 0, count: x.rowCount * x.columnCount)
        for row in 0..<x.rowCount {
            for column in 0..<x.columnCount {
                z[row * x.columnCount + column] = (Double(x[row, column]) - means[column]) / scales[column]
            }
        }
        self.z = z
        self.y = labels.map { $0 ? 1 : 0 }
        self.rows = x.rowCount
        self.features = x.columnCount
        self.c = c
    }

    /// Weights followed by the intercept at the minimum, or after `maxIterations` Newton steps.
    func minimise(maxIterations: Int, tolerance: Double) -> [Double] {
        var theta = [Double](repeating: 0, count: features + 1)
        var scores = margins(theta)
        var loss = value(theta, scores: scores)
        let scale = c * Double(rows)
        for _ in 0..<maxIterations {
            let p = scores.map(sigmoid)
            let g = gradient(theta, probabilities: p)
            let gradientSize = g.reduce(0) { max($0, abs($1)) }
            if gradientSize / scale <= tolerance { break }
            let weights = p.map { $0 * (1 - $0) }
            let step = newtonStep(gradient: g, weights: weights)
            let slope = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
            guard slope < 0 else { break }
            // Backtracking (Armijo) line search; a full Newton step is almost always accepted.
            var length = 1.0
            var accepted = false
            for _ in 0..<40 {
                let candidate = zip(theta, step).map { $0 + length * $1 }
                let candidateScores = margins(candidate)
                let candidateLoss = value(candidate, scores: candidateScores)
                if candidateLoss <= loss + 1e-4 * length * slope {
                    theta = candidate
                    scores = candidateScores
                    loss = candidateLoss
                    accepted = true
                    break
                }
                length *= 0.5
            }
            if !accepted { break }
        }
        return theta
    }

    /// w·zᵢ + b for every row.
    private func margins(_ theta: [Double]) -> [Double] {
        z.withUnsafeBufferPointer { z in
            (0..<rows).map { row in
                var total = theta[features]
                let base = row * features
                for column in 0..<features { total += theta[column] * z[base + column] }
                return total
            }
        }
    }

    private func value(_ theta: [Double], scores: [Double]) -> Double {
        var loss = 0.0
        for (score, label) in zip(scores, y) { loss += max(score, 0) + log1p(exp(-abs(score))) - label * score }
        var penalty = 0.0
        for column in 0..<features { penalty += theta[column] * theta[column] }
        return c * loss + 0.5 * penalty
    }

    private func gradient(_ theta: [Double], probabilities p: [Double]) -> [Double] {
        var g = transposeTimes(zip(p, y).map { c * ($0 - $1) })
        for column in 0..<features { g[column] += theta[column] }
        return g
    }

    /// Zᵀu for the weights, followed by Σu for the intercept.
    private func transposeTimes(_ u: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: features + 1)
        z.withUnsafeBufferPointer { z in
            result.withUnsafeMutableBufferPointer { result in
                for row in 0..<rows where u[row] != 0 {
                    let base = row * features
                    let factor = u[row]
                    for column in 0..<features { result[column] += factor * z[base + column] }
                    result[features] += factor
                }
            }
        }
        return result
    }

    /// H·v with H = C·Zᵀ diag(weights) Z plus the identity on the weights (not the intercept).
    private func hessianTimes(_ v: [Double], weights: [Double]) -> [Double] {
        let projected = margins(v)
        var result = transposeTimes((0..<rows).map { c * weights[$0] * projected[$0] })
        for column in 0..<features { result[column] += v[column] }
        return result
    }

    /// Solves H·step = −g by conjugate gradients preconditioned with H's diagonal, to a relative residual that
    /// shrinks with the gradient (so the outer iteration converges superlinearly).
    private func newtonStep(gradient g: [Double], weights: [Double]) -> [Double] {
        var diagonal = [Double](repeating: 0, count: features + 1)
        for row in 0..<rows {
            let weight = c * weights[row]
            let base = row * features
            for column in 0..<features { diagonal[column] += weight * z[base + column] * z[base + column] }
            diagonal[features] += weight
        }
        for column in 0..<features { diagonal[column] += 1 }
        let inverseDiagonal = diagonal.map { $0 > 0 ? 1 / $0 : 1 }

        let gradientNorm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let forcing = min(0.5, (gradientNorm / (c * Double(rows))).squareRoot())
        var step = [Double](repeating: 0, count: features + 1)
        var residual = g.map { -$0 }
        var preconditioned = zip(residual, inverseDiagonal).map { $0 * $1 }
        var direction = preconditioned
        var rho = zip(residual, preconditioned).reduce(0) { $0 + $1.0 * $1.1 }
        for _ in 0..<(2 * (features + 1)) {
            let residualNorm = residual.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if residualNorm <= forcing * gradientNorm { break }
            let curvatureDirection = hessianTimes(direction, weights: weights)
            let curvature = zip(direction, curvatureDirection).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let alpha = rho / curvature
            for i in step.indices {
                step[i] += alpha * direction[i]
                residual[i] -= alpha * curvatureDirection[i]
            }
            for i in preconditioned.indices { preconditioned[i] = residual[i] * inverseDiagonal[i] }
            let nextRho = zip(residual, preconditioned).reduce(0) { $0 + $1.0 * $1.1 }
            let beta = nextRho / rho
            rho = nextRho
            for i in direction.indices { direction[i] = preconditioned[i] + beta * direction[i] }
        }
        return step
    }
}
