import Foundation

/// Discrete Fourier transform of any length, numpy's sign convention (`X[k] = Σ x[n]·e^(−2πikn/N)`, unnormalised).
///
/// Powers of two use an iterative radix-2 transform; every other length goes through Bluestein's chirp-z
/// algorithm, which rewrites the transform as a convolution evaluated with a power-of-two transform. Plans are
/// immutable, so one `FFT` can be shared across threads.
public struct FFT: Sendable {
    /// The number of points transformed.
    public let length: Int
    private let plan: Plan

    private enum Plan: Sendable {
        case radix2(Radix2)
        case bluestein(Bluestein)
    }

    /// A plan for `length` points (at least 1).
    public init(length: Int) throws(ForensicFeatureError) {
        guard length >= 1, length <= Self.maximumLength else { throw .invalidFFTLength(length) }
        self.length = length
        plan = length & (length - 1) == 0 ? .radix2(Radix2(length: length)) : .bluestein(Bluestein(length: length))
    }

    /// Bounds the chirp-z work buffer (four times the length) so a length from input cannot exhaust memory.
    public static let maximumLength = 1 << 24

    /// The forward transform of `real + i·imaginary`; both arrays must hold `length` values.
    public func transform(real: [Double], imaginary: [Double]) throws(ForensicFeatureError) -> (real: [Double], imaginary: [Double]) {
        guard real.count == length, imaginary.count == length else {
            throw .fftInputSize(expected: length, real: real.count, imaginary: imaginary.count)
        }
        var re = real, im = imaginary
        transformInPlace(&re, &im)
        return (re, im)
    }

    /// `|F|²` of the two-dimensional transform of a real `width × height` array (row-major), laid out the same way.
    public static func powerSpectrum(of values: [Double], width: Int, height: Int) throws(ForensicFeatureError) -> [Double] {
        guard width >= 1, height >= 1, values.count == width * height else {
            throw .spectrumInputSize(width: width, height: height, count: values.count)
        }
        let rows = try FFT(length: width), columns = try FFT(length: height)
        var re = values, im = [Double](repeating: 0, count: values.count)
        var rowRe = [Double](repeating: 0, count: width), rowIm = rowRe
        for y in 0..<height where values[(y * width)..<((y + 1) * width)].contains(where: { $0 != 0 }) {
            for x in 0..<width { rowRe[x] = re[y * width + x]; rowIm[x] = 0 }
            rows.transformInPlace(&rowRe, &rowIm)
            for x in 0..<width { re[y * width + x] = rowRe[x]; im[y * width + x] = rowIm[x] }
        }
        var columnRe = [Double](repeating: 0, count: height), columnIm = columnRe
        var power = [Double](repeating: 0, count: values.count)
        for x in 0..<width {
            for y in 0..<height { columnRe[y] = re[y * width + x]; columnIm[y] = im[y * width + x] }
            columns.transformInPlace(&columnRe, &columnIm)
            for y in 0..<height { power[y * width + x] = columnRe[y] * columnRe[y] + columnIm[y] * columnIm[y] }
        }
        return power
    }

    /// Callers guarantee both buffers hold `length` values.
    func transformInPlace(_ re: inout [Double], _ im: inout [Double]) {
        switch plan {
        case .radix2(let radix2): radix2.transform(&re, &im)
        case .bluestein(let bluestein): bluestein.transform(&re, &im)
        }
    }
}

/// Iterative decimation-in-time transform for power-of-two lengths with precomputed twiddles.
struct Radix2: Sendable {
    let length: Int
    private let cosines: [Double]
    private let sines: [Double]
    private let bitReversed: [Int]

    init(length: Int) {
        self.length = length
        let half = max(1, length / 2)
        cosines = (0..<half).map { cos(-2 * Double.pi * Double($0) / Double(length)) }
        sines = (0..<half).map { sin(-2 * Double.pi * Double($0) / Double(length)) }
        var bits = 0
        while 1 << bits < length { bits += 1 }
        bitReversed = (0..<length).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return reversed
        }
    }

    func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool = false) {
        let n = length
        guard n > 1 else { return }
        let sign: Double = inverse ? -1 : 1
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                for i in 0..<n {
                    let j = bitReversed[i]
                    if j > i { re.swapAt(i, j); im.swapAt(i, j) }
                }
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        var size = 2
                        while size <= n {
                            let half = size / 2, step = n / size
                            var start = 0
                            while start < n {
                                for k in 0..<half {
                                    let wr = cosines[k * step], wi = sign * sines[k * step]
                                    let a = start + k, b = a + half
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr; im[b] = im[a] - ti
                                    re[a] += tr; im[a] += ti
                                }
                                start += size
                            }
                            size *= 2
                        }
                    }
                }
            }
        }
    }
}

/// Bluestein's chirp-z transform: `X[k] = w[k]·Σ (x[n]·w[n])·conj(w[k−n])` with `w[n] = e^(−iπn²/N)`.
struct Bluestein: Sendable {
    let length: Int
    private let convolution: Radix2
    private let chirpRe: [Double]
    private let chirpIm: [Double]
    /// The transform of the conjugate chirp, wrapped to the convolution length.
    private let kernelRe: [Double]
    private let kernelIm: [Double]

    init(length: Int) {
        self.length = length
        var m = 1
        while m < 2 * length - 1 { m *= 2 }
        convolution = Radix2(length: m)
        // n² mod 2N keeps the angle small, so large n lose no precision.
        let angles = (0..<length).map { n in Double.pi * Double((n * n) % (2 * length)) / Double(length) }
        chirpRe = angles.map { cos($0) }
        chirpIm = angles.map { -sin($0) }
        var kre = [Double](repeating: 0, count: m), kim = kre
        for n in 0..<length {
            kre[n] = chirpRe[n]; kim[n] = -chirpIm[n]
            if n > 0 { kre[m - n] = chirpRe[n]; kim[m - n] = -chirpIm[n] }
        }
        convolution.transform(&kre, &kim)
        kernelRe = kre
        kernelIm = kim
    }

    func transform(_ re: inout [Double], _ im: inout [Double]) {
        let m = convolution.length
        var ar = [Double](repeating: 0, count: m), ai = ar
        for n in 0..<length {
            ar[n] = re[n] * chirpRe[n] - im[n] * chirpIm[n]
            ai[n] = re[n] * chirpIm[n] + im[n] * chirpRe[n]
        }
        convolution.transform(&ar, &ai)
        for k in 0..<m {
            let r = ar[k] * kernelRe[k] - ai[k] * kernelIm[k]
            ai[k] = ar[k] * kernelIm[k] + ai[k] * kernelRe[k]
            ar[k] = r
        }
        convolution.transform(&ar, &ai, inverse: true)
        let scale = 1 / Double(m)
        for k in 0..<length {
            let cr = ar[k] * scale, ci = ai[k] * scale
            re[k] = cr * chirpRe[k] - ci * chirpIm[k]
            im[k] = cr * chirpIm[k] + ci * chirpRe[k]
        }
    }
}
