/// The order in which colour channels appear in a model's input tensor.
public enum ChannelOrder: String, Sendable, Hashable, CaseIterable {
    case rgb
    case bgr
}

/// How 8-bit channel values become model inputs: `(value · scale − mean[c]) / std[c]`, `c` in
/// the tensor's channel order (so `mean[0]` is red's for `.rgb` and blue's for `.bgr`).
public struct TensorNormalization: Sendable, Hashable {
    public let scale: Float
    public let mean: [Float]
    public let std: [Float]

    /// Fails unless `mean` and `std` hold three finite values, `std` has no zero, and `scale` is finite and non-zero.
    public init(scale: Float = 1, mean: [Float] = [0, 0, 0], std: [Float] = [1, 1, 1]) throws(ImageError) {
        guard scale.isFinite, scale != 0 else {
            throw .invalidArgument("tensor normalisation: scale \(scale) must be finite and non-zero")
        }
        guard mean.count == 3, std.count == 3 else {
            throw .invalidArgument("tensor normalisation: mean and std need 3 values each, got \(mean.count) and \(std.count)")
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 != 0 }) else {
            throw .invalidArgument("tensor normalisation: mean \(mean) must be finite and std \(std) finite and non-zero")
        }
        self.scale = scale
        self.mean = mean
        self.std = std
    }

    private init(uncheckedScale scale: Float, mean: [Float], std: [Float]) {
        self.scale = scale
        self.mean = mean
        self.std = std
    }

    /// Raw values 0…255.
    public static let identity = TensorNormalization(uncheckedScale: 1, mean: [0, 0, 0], std: [1, 1, 1])
    /// 0…1 (`ToTensor()`).
    public static let unitRange = TensorNormalization(uncheckedScale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1])
    /// −1…1 (mean and std 0.5 on 0…1), as UCF/Xception-style detectors expect.
    public static let symmetric = TensorNormalization(uncheckedScale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])
    /// torchvision's ImageNet statistics on 0…1, RGB order.
    public static let imageNet = TensorNormalization(
        uncheckedScale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    /// For every channel slot and byte value, the normalised float — computed with the same
    /// operations as the formula, so a lookup equals evaluating it per pixel.
    func lookupTable() -> [Float] {
        var table = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            for v in 0..<256 { table[c * 256 + v] = (Float(v) * scale - mean[c]) / std[c] }
        }
        return table
    }

    /// The inverse for one channel slot: `(x · std + mean) / scale`, before rounding.
    @inline(__always)
    func denormalised(_ x: Float, slot c: Int) -> Float {
        (x * std[c] + mean[c]) / scale
    }
}
