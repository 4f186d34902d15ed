/// Why forensic features could not be computed.
public enum ForensicFeatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is outside its documented range.
    case invalidOption(name: String, value: Int, requirement: String)
    /// The face mask does not hold one byte per crop pixel.
    case maskSizeMismatch(expected: Int, actual: Int)
    /// An FFT length below 1 or above `FFT.maximumLength`.
    case invalidFFTLength(Int)
    /// `FFT.transform` got arrays whose size differs from the plan's length.
    case fftInputSize(expected: Int, real: Int, imaginary: Int)
    /// `FFT.powerSpectrum` got a buffer that is not `width × height` values, or a non-positive side.
    case spectrumInputSize(width: Int, height: Int, count: Int)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, requirement):
            "forensic feature option \(name) is \(value); it must be \(requirement)"
        case let .maskSizeMismatch(expected, actual):
            "face mask holds \(actual) bytes; the crop needs one per pixel (\(expected))"
        case let .invalidFFTLength(length):
            "FFT length \(length) is outside 1...\(FFT.maximumLength)"
        case let .fftInputSize(expected, real, imaginary):
            "FFT of length \(expected) got \(real) real and \(imaginary) imaginary values"
        case let .spectrumInputSize(width, height, count):
            "power spectrum of \(width)×\(height) got \(count) values"
        }
    }
}
