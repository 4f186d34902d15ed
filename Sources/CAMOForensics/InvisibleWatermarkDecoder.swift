import CAMOVision

/// Reads watermark bits the way the `invisible-watermark` Python package (`imwatermark` 0.2,
/// method `dwtDct`) does, so that both decoders return the same bits for the same pixels.
///
/// That method works on the U plane of OpenCV's YUV: a one-level Haar DWT, then for every 4×4
/// block of the approximation band, the largest-magnitude coefficient other than the block's
/// first; a block votes 1 when that magnitude modulo `scale` lies in the upper half. Block `n`
/// votes for bit `n mod length`; a bit is 1 when more than 127/255 of its votes are 1.
/// (Despite its name, the package applies no DCT in this method's decoder.)
public struct InvisibleWatermarkDecoder: Sendable {
    public struct Options: Sendable, Equatable {
        /// The quantisation step the encoder used for the U plane. Default 36, the package default.
        public var scale: Double = 36
        public init() {}
    }

    /// The package refuses images with fewer pixels than 256 × 256.
    public static let minimumPixelCount = 256 * 256
    private static let blockSize = 4
    /// The Haar filter tap (1/√2) as PyWavelets stores it; products are formed in the same order.
    private static let haarTap = 0.7071067811865476

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Every block's vote, in the package's order (block rows top to bottom, left to right).
    public func blockVotes(_ image: Image) throws(WatermarkError) -> [UInt8] {
        guard image.width * image.height >= Self.minimumPixelCount else {
            throw .imageTooSmall(width: image.width, height: image.height)
        }
        let u = image.yuvUPlane()
        let rows = image.height / 4 * 4, columns = image.width / 4 * 4
        let blockRows = rows / 2 / Self.blockSize, blockColumns = columns / 2 / Self.blockSize
        let stride = image.width
        let c = Self.haarTap, scale = options.scale, half = options.scale * 0.5
        var votes = [UInt8](repeating: 0, count: blockRows * blockColumns)
        u.pixels.withUnsafeBufferPointer { pixels in
            for blockRow in 0..<blockRows {
                for blockColumn in 0..<blockColumns {
                    var largest = -1.0
                    for k in 1..<16 {
                        let y = 2 * (blockRow * Self.blockSize + k / 4)
                        let x = 2 * (blockColumn * Self.blockSize + k % 4)
                        let top = y * stride + x, bottom = top + stride
                        // Rows first, then columns, as pywt.dwt2 transforms axis -2 before axis -1.
                        let left = Double(pixels[top]) * c + Double(pixels[bottom]) * c
                        let right = Double(pixels[top + 1]) * c + Double(pixels[bottom + 1]) * c
                        let magnitude = abs(left * c + right * c)
                        if magnitude > largest { largest = magnitude }
                    }
                    votes[blockRow * blockColumns + blockColumn] = largest.truncatingRemainder(dividingBy: scale) > half ? 1 : 0
                }
            }
        }
        return votes
    }

    /// The `length` bits the package's `WatermarkDecoder('bits', length).decode(…, 'dwtDct')` returns.
    public func decodeBits(_ image: Image, length: Int) throws(WatermarkError) -> [Bool] {
        Self.bits(fromVotes: try blockVotes(image), length: length)
    }

    /// Folds block votes into `length` bits. Bits with no votes are 0, as NumPy's empty mean (NaN) compares false.
    public static func bits(fromVotes votes: [UInt8], length: Int) -> [Bool] {
        guard length > 0 else { return [] }
        var ones = [Int](repeating: 0, count: length), totals = [Int](repeating: 0, count: length)
        for (index, vote) in votes.enumerated() {
            ones[index % length] += Int(vote)
            totals[index % length] += 1
        }
        return (0..<length).map { bit in
            totals[bit] > 0 && Double(ones[bit]) / Double(totals[bit]) * 255 > 127
        }
    }
}

/// Why an image could not be read for a watermark.
public enum WatermarkError: Error, Equatable, Sendable, CustomStringConvertible {
    case imageTooSmall(width: Int, height: Int)

    public var description: String {
        switch self {
        case let .imageTooSmall(width, height):
            return "image \(width)×\(height) is smaller than the 256×256 pixels an invisible watermark needs"
        }
    }
}
