import Foundation

/// Statistics of an aligned face crop inside and outside the face hull, and of its left half against its mirrored
/// right half: face swaps and re-enacted faces are generated or blended inside the hull only, so their noise differs
/// from the surrounding background (Li et al. 2020, "Face X-ray"), and generated faces often break the
/// left/right consistency real sensors keep.
extension ForensicFeatureExtractor {
    /// Added to energies before their ratio so that flat crops give 0.
    static let energyEpsilon = 1e-6
    static let symmetryBlock = 8

    static func faceValues(of planes: ColourPlanes, inside: [Bool]) throws(ForensicFeatureError) -> [Double] {
        let width = planes.width, height = planes.height
        var kv = [MomentAccumulator](repeating: .init(), count: 2)   // [outside, inside]
        var npr = kv, secondOrder = kv
        // KV energy per anchor: the mean over channels of the squared residual; nil where undefined.
        var energy = [Double?](repeating: nil, count: width * height)
        for channel in 0..<3 {
            let plane = planes.channels[channel]
            ResidualFilter.kv.forEachResidual(in: plane, width: width, height: height) { anchor, r in
                let value = Double(r) / ResidualFilter.kv.scale
                kv[inside[anchor] ? 1 : 0].add(value)
                energy[anchor] = (energy[anchor] ?? 0) + value * value / 3
            }
            ResidualFilter.neighbouringPixelRelation.forEachResidual(in: plane, width: width, height: height) { anchor, r in
                npr[inside[anchor] ? 1 : 0].add(Double(r))
            }
            for filter in [ResidualFilter.secondOrderHorizontal, .secondOrderVertical] {
                filter.forEachResidual(in: plane, width: width, height: height) { anchor, r in
                    secondOrder[inside[anchor] ? 1 : 0].add(Double(r))
                }
            }
        }
        var values = [
            kv[1].meanAbsolute, kv[0].meanAbsolute, kv[1].standardDeviation, kv[0].standardDeviation,
            npr[1].meanAbsolute, npr[0].meanAbsolute, secondOrder[1].excessKurtosis, secondOrder[0].excessKurtosis,
            log10((kv[1].meanSquare + energyEpsilon) / (kv[0].meanSquare + energyEpsilon)),
        ]
        values.append(leftRightEnergyRatio(energy, inside: inside, width: width, height: height))
        values.append(mirroredBlockCorrelation(energy, width: width, height: height))
        for keepInside in [true, false] {
            let residual = LumaSpectrum.highPassResidual(of: planes) { inside[$0] == keepInside }
            let power = try LumaSpectrum.normalisedPower(of: residual, width: width, height: height)
            values += LumaSpectrum.radialProfile(power, width: width, height: height, bands: faceSpectrumBands)
        }
        return values
    }

    /// `log10` of the mean KV energy inside the hull in the left half (`x < ⌊w/2⌋`) over that in the right half
    /// (`x ≥ w − ⌊w/2⌋`), both plus ε.
    static func leftRightEnergyRatio(_ energy: [Double?], inside: [Bool], width: Int, height: Int) -> Double {
        var left = MomentAccumulator(), right = MomentAccumulator()
        let half = width / 2
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                guard inside[i], let value = energy[i] else { continue }
                if x < half { left.add(value) } else if x >= width - half { right.add(value) }
            }
        }
        return log10((left.mean + energyEpsilon) / (right.mean + energyEpsilon))
    }

    /// Pearson correlation between `log10(1 + mean KV energy)` of the 8×8 blocks of the left half and of the same
    /// blocks mirrored into the right half (column `x` ↔ `w − 1 − x`); blocks without a defined residual count as 0.
    static func mirroredBlockCorrelation(_ energy: [Double?], width: Int, height: Int) -> Double {
        let block = symmetryBlock
        var correlation = CorrelationAccumulator()
        func blockValue(_ blockX: Int, _ blockY: Int, mirrored: Bool) -> Double {
            var sum = 0.0, count = 0
            for y in (blockY * block)..<((blockY + 1) * block) {
                for x in (blockX * block)..<((blockX + 1) * block) {
                    if let value = energy[y * width + (mirrored ? width - 1 - x : x)] { sum += value; count += 1 }
                }
            }
            return count == 0 ? 0 : log10(1 + sum / Double(count))
        }
        for blockY in 0..<(height / block) {
            for blockX in 0..<(width / 2 / block) {
                correlation.add(blockValue(blockX, blockY, mirrored: false), blockValue(blockX, blockY, mirrored: true))
            }
        }
        return correlation.correlation
    }
}
