import CAMOForensics
import Foundation
import Testing

@Suite struct FFTTests {
    static let lengths = [1, 2, 7, 8, 100, 256, 1000]

    /// Within 1e-9 of the largest coefficient: relative to the transform's scale, since a coefficient near zero
    /// carries the rounding error of the large ones.
    @Test(arguments: lengths)
    func transformEqualsNumpy(length: Int) throws {
        let expected = try #require(try ForensicFeatureOracle.load().fft.cases.first { $0.length == length })
        let input = ForensicFeatureOracle.fftInput(length: length)
        let output = try FFT(length: length).transform(real: input.real, imaginary: input.imaginary)
        let scale = max(1, zip(expected.real, expected.imaginary).map { hypot($0, $1) }.max() ?? 1)
        let worst = (0..<length).map { max(abs(output.real[$0] - expected.real[$0]), abs(output.imaginary[$0] - expected.imaginary[$0])) }.max() ?? 0
        #expect(worst <= 1e-9 * scale, "largest deviation \(worst) for scale \(scale)")
    }

    @Test func powerSpectrumEqualsNumpyFFT2() throws {
        let expected = try ForensicFeatureOracle.load().fft.power2d
        let input = (0..<(expected.width * expected.height)).map { sin(0.7 * Double($0) + 0.2) }
        let power = try FFT.powerSpectrum(of: input, width: expected.width, height: expected.height)
        let scale = expected.power.max() ?? 1
        for (actual, wanted) in zip(power, expected.power) { #expect(abs(actual - wanted) <= 1e-9 * scale) }
        #expect(power.count == expected.power.count)
    }

    @Test func inverseRelationHoldsForBluesteinLengths() throws {
        // Transforming twice gives N·x reversed in index: x[(N − n) mod N]; checks lengths with no oracle case.
        for length in [3, 5, 12, 97, 513] {
            let input = ForensicFeatureOracle.fftInput(length: length)
            let fft = try FFT(length: length)
            let once = try fft.transform(real: input.real, imaginary: input.imaginary)
            let twice = try fft.transform(real: once.real, imaginary: once.imaginary)
            for n in 0..<length {
                let source = (length - n) % length
                #expect(abs(twice.real[n] / Double(length) - input.real[source]) < 1e-9)
                #expect(abs(twice.imaginary[n] / Double(length) - input.imaginary[source]) < 1e-9)
            }
        }
    }

    @Test func invalidLengthsAndSizesThrowTypedErrors() throws {
        #expect(throws: ForensicFeatureError.invalidFFTLength(0)) { try FFT(length: 0) }
        #expect(throws: ForensicFeatureError.invalidFFTLength(-3)) { try FFT(length: -3) }
        #expect(throws: ForensicFeatureError.fftInputSize(expected: 4, real: 3, imaginary: 4)) {
            try FFT(length: 4).transform(real: [1, 2, 3], imaginary: [0, 0, 0, 0])
        }
        #expect(throws: ForensicFeatureError.spectrumInputSize(width: 2, height: 2, count: 3)) {
            try FFT.powerSpectrum(of: [1, 2, 3], width: 2, height: 2)
        }
        #expect(ForensicFeatureError.invalidFFTLength(0).description.contains("FFT length 0"))
    }
}
