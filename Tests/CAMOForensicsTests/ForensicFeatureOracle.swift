import CAMOTesting
import Foundation

/// The values `scripts/oracles/forensic_features.py` computed with numpy/scipy.
struct ForensicFeatureOracle: Decodable {
    struct FFTCase: Decodable {
        var length: Int
        var real: [Double]
        var imaginary: [Double]
    }

    struct PowerSpectrumCase: Decodable {
        var width: Int
        var height: Int
        var power: [Double]
    }

    struct FFTCases: Decodable {
        var cases: [FFTCase]
        var power2d: PowerSpectrumCase
    }

    struct ImageCase: Decodable {
        /// A fixture PNG (relative to Tests/Fixtures) or a dev-set path (relative to the dev folder).
        var file: String?
        var dev: String?
        var features: [String: Double]
    }

    struct FaceCase: Decodable {
        var crop: String
        var mask: String
        var features: [String: Double]
    }

    var fft: FFTCases
    var images: [ImageCase]
    var faces: [FaceCase]

    static func load() throws -> ForensicFeatureOracle {
        try JSONDecoder().decode(ForensicFeatureOracle.self, from: Fixtures.data("forensics/features_expected.json"))
    }

    /// The synthetic inputs `fft_cases()` in the oracle transforms.
    static func fftInput(length: Int) -> (real: [Double], imaginary: [Double]) {
        ((0..<length).map { sin(0.37 * Double($0) + 0.1) + 0.001 * Double($0) }, (0..<length).map { 0.5 * cos(1.3 * Double($0)) })
    }

    /// Relative 1e-3 or absolute 1e-4, whichever is looser.
    static func agrees(_ actual: Float, _ expected: Double) -> Bool {
        abs(Double(actual) - expected) <= max(1e-4, 1e-3 * abs(expected))
    }
}
