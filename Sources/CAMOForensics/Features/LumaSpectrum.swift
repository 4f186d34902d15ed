import Foundation

/// Power spectra of a luma high-pass residual and the statistics read from them: an azimuthally averaged log
/// profile (Durall et al. 2020) and the strength of the periodic peaks up-sampling layers leave at N/2, N/4 and
/// N/8 (Frank et al. 2020; Corvi et al. 2023).
enum LumaSpectrum {
    /// Added to powers before logarithms so that a flat image gives finite values.
    static let epsilon = 1e-12

    /// `Y − mean₃ₓ₃(Y)` with `Y = 0.299R + 0.587G + 0.114B`, at anchors one pixel in from every edge; zero at the
    /// border and wherever `keep` (given the anchor index) is false. Computed in integers as
    /// `(9·Y₁₀₀₀ − Σ₃ₓ₃ Y₁₀₀₀) / 9000`, so a flat area gives exactly 0 rather than rounding noise that the
    /// spectrum normalisation would blow up.
    static func highPassResidual(of planes: ColourPlanes, keep: ((Int) -> Bool)? = nil) -> [Double] {
        let width = planes.width, height = planes.height
        var residual = [Double](repeating: 0, count: width * height)
        guard width >= 3, height >= 3 else { return residual }
        let luma = planes.scaledLuma
        for y in 1..<(height - 1) {
            for x in 1..<(width - 1) {
                let i = y * width + x
                if let keep, !keep(i) { continue }
                let above = i - width, below = i + width
                let sum = luma[above - 1] + luma[above] + luma[above + 1] + luma[i - 1] + luma[i] + luma[i + 1]
                    + luma[below - 1] + luma[below] + luma[below + 1]
                residual[i] = Double(9 * luma[i] - sum) / 9000
            }
        }
        return residual
    }

    /// The power spectrum divided by its mean over every non-DC frequency (left as is when that mean is 0).
    static func normalisedPower(of residual: [Double], width: Int, height: Int) throws(ForensicFeatureError) -> [Double] {
        var power = try FFT.powerSpectrum(of: residual, width: width, height: height)
        guard power.count > 1 else { return [0] }
        let mean = (power.reduce(0, +) - power[0]) / Double(power.count - 1)
        if mean > 0 { for i in power.indices { power[i] /= mean } }
        return power
    }

    /// Mean power in `bands` rings of equal width over radius `[0, 0.5)` cycles per pixel (DC and the corners beyond
    /// 0.5 left out), as `log10(mean + ε)` minus the average over the bands that hold a frequency; empty bands are 0.
    static func radialProfile(_ power: [Double], width: Int, height: Int, bands: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: bands), counts = [Int](repeating: 0, count: bands)
        for v in 0..<height {
            let fv = Double(min(v, height - v)) / Double(height)
            for u in 0..<width where u != 0 || v != 0 {
                let fu = Double(min(u, width - u)) / Double(width)
                let band = Int(((fu * fu + fv * fv).squareRoot() * Double(2 * bands)).rounded(.down))
                guard band < bands else { continue }
                sums[band] += power[v * width + u]
                counts[band] += 1
            }
        }
        var logs = [Double](repeating: 0, count: bands)
        var filled: [Int] = []
        for band in 0..<bands where counts[band] > 0 {
            logs[band] = log10(sums[band] / Double(counts[band]) + epsilon)
            filled.append(band)
        }
        guard !filled.isEmpty else { return logs }
        let average = filled.reduce(0) { $0 + logs[$1] } / Double(filled.count)
        for band in filled { logs[band] -= average }
        return logs
    }

    /// `log10` of the power at frequency `(u, v)` over the mean power of the ring of frequencies 2 to 3 bins away
    /// (Chebyshev distance, wrapping around), both plus ε.
    static func peakStrength(_ power: [Double], size: Int, u: Int, v: Int) -> Double {
        var ring = 0.0, count = 0
        for dv in -3...3 {
            for du in -3...3 where max(abs(du), abs(dv)) >= 2 {
                let uu = ((u + du) % size + size) % size, vv = ((v + dv) % size + size) % size
                ring += power[vv * size + uu]
                count += 1
            }
        }
        return log10((power[v * size + u] + epsilon) / (ring / Double(count) + epsilon))
    }

    /// The bin nearest to `size / divisor` cycles: `⌊size / divisor + 0.5⌋` modulo `size`.
    static func bin(size: Int, divisor: Int) -> Int {
        Int((Double(size) / Double(divisor) + 0.5).rounded(.down)) % size
    }
}
