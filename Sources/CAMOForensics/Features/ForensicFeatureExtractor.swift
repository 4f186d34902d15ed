import CAMOVision

/// Hand-crafted forensic statistics of an image (and of an aligned face) for a small learned classifier: the
/// spectrum of a high-pass residual, noise-residual statistics (SRM filters, NPR), colour and local variance.
/// `docs/forensic-features.md` defines every feature and names its source.
///
/// Every statistic is computed on fixed-size views at native resolution, and the vector has the same length and
/// order for every image of at least 1×1 pixel; every value is finite.
public struct ForensicFeatureExtractor: Sendable {
    public let options: ForensicFeatureOptions

    public init(options: ForensicFeatureOptions = .init()) {
        self.options = options
    }

    static let channelNames = ["r", "g", "b"]
    static let spectrumBands = 16
    static let faceSpectrumBands = 8
    /// The periodic frequencies `N / divisor` whose peaks are measured.
    static let peakDivisors = [2, 4, 8]

    /// The image feature names, in the order `imageFeatures(of:)` returns the values.
    public static var imageFeatureNames: [String] {
        var names = (0..<spectrumBands).map { "spec_band_" + (($0 < 10) ? "0\($0)" : "\($0)") }
        for divisor in peakDivisors { names += ["spec_peak_axis_\(divisor)", "spec_peak_diag_\(divisor)"] }
        for filter in ["npr", "kv"] {
            for channel in channelNames { names += ["_abs_mean", "_std", "_kurtosis"].map { "\(filter)_\(channel)\($0)" } }
        }
        for order in ["o1", "o2", "o3"] { names += ["_abs_mean", "_std", "_kurtosis"].map { "srm_\(order)\($0)" } }
        names += ["srm_o2_hist_0", "srm_o2_hist_1", "srm_o2_hist_2"]
        names += ["cooc_zero", "cooc_diagonal", "cooc_energy", "cooc_entropy", "cooc_contrast"]
        names += ["kv_corr_rg", "kv_corr_gb"]
        names += ["sat_mean", "sat_std", "sat_q10", "sat_q50", "sat_q90", "cb_mean", "cb_std", "cr_mean", "cr_std", "cbcr_corr"]
        names += ["block_smooth_share", "block_logvar_mean", "block_logvar_q10", "block_logvar_q50", "block_logvar_q90"]
        return names
    }

    /// The face feature names, in the order `faceFeatures(of:mask:)` returns the values.
    public static var faceFeatureNames: [String] {
        var names: [String] = []
        for statistic in ["kv_abs_mean", "kv_std", "npr_abs_mean", "o2_kurtosis"] {
            names += ["face_in_\(statistic)", "face_out_\(statistic)"]
        }
        names += ["face_bg_energy_ratio", "face_lr_energy_ratio", "face_lr_block_correlation"]
        for side in ["in", "out"] { names += (0..<faceSpectrumBands).map { "face_\(side)_spec_band_\($0)" } }
        return names
    }

    /// The image features, named by `imageFeatureNames`.
    public func imageFeatures(of image: Image) throws(ForensicFeatureError) -> NamedFeatures {
        let options = try options.validated()
        let views = ColourPlanes.views(of: image, options: options)
        var values = try Self.spectrumFeatures(of: views)
        values += Self.residualFeatures(of: views)
        values += Self.colourFeatures(of: views)
        values += Self.blockVarianceFeatures(of: views)
        return NamedFeatures(names: Self.imageFeatureNames, values: values.map(Self.finite))
    }

    /// The face features, named by `faceFeatureNames`, of an aligned face crop and its mask (255 inside the face hull,
    /// 0 outside; one byte per crop pixel, values of 128 and above count as inside).
    public func faceFeatures(of face: Image, mask: [UInt8]) throws(ForensicFeatureError) -> NamedFeatures {
        guard mask.count == face.pixelCount else { throw .maskSizeMismatch(expected: face.pixelCount, actual: mask.count) }
        let values = try Self.faceValues(of: ColourPlanes(face), inside: mask.map { $0 >= 128 })
        return NamedFeatures(names: Self.faceFeatureNames, values: values.map(Self.finite))
    }

    /// Guards the promise of finite values; every statistic is already guarded, so this only clamps Float overflow.
    private static func finite(_ value: Double) -> Float {
        let float = Float(value)
        return float.isFinite ? float : (value > 0 ? .greatestFiniteMagnitude : (value < 0 ? -.greatestFiniteMagnitude : 0))
    }

    private static func spectrumFeatures(of views: [ColourPlanes]) throws(ForensicFeatureError) -> [Double] {
        let side = views[0].width
        var average = [Double](repeating: 0, count: side * side)
        for view in views {
            let power = try LumaSpectrum.normalisedPower(
                of: LumaSpectrum.highPassResidual(of: view), width: side, height: side)
            for i in average.indices { average[i] += power[i] / Double(views.count) }
        }
        var values = LumaSpectrum.radialProfile(average, width: side, height: side, bands: spectrumBands)
        for divisor in peakDivisors {
            let k = LumaSpectrum.bin(size: side, divisor: divisor)
            let axis = (LumaSpectrum.peakStrength(average, size: side, u: k, v: 0)
                + LumaSpectrum.peakStrength(average, size: side, u: 0, v: k)) / 2
            values += [axis, LumaSpectrum.peakStrength(average, size: side, u: k, v: k)]
        }
        return values
    }
}
