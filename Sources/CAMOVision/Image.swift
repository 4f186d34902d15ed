/// An 8-bit RGB image, interleaved (R, G, B, R, G, B, …), rows top to bottom.
///
/// Every decoder produces this one layout, so every later stage (geometry, colour, model
/// input tensors) has one pixel format to handle. Alpha is resolved at decode time.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes.
    public var pixels: [UInt8]

    public static let channels = 3

    /// Wraps existing RGB bytes. Fails when the buffer does not hold exactly `width × height × 3` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: width, height: height)
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height * Self.channels)
        guard !overflow, pixels.count == count else {
            throw .bufferSizeMismatch(expected: overflow ? -1 : count, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A uniform image. `width` and `height` must be positive.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (0, 0, 0)) {
        precondition(width > 0 && height > 0, "image dimensions must be positive")
        self.width = width
        self.height = height
        var buffer = [UInt8](repeating: 0, count: width * height * Self.channels)
        if fill != (0, 0, 0) {
            for i in stride(from: 0, to: buffer.count, by: 3) {
                buffer[i] = fill.0
                buffer[i + 1] = fill.1
                buffer[i + 2] = fill.2
            }
        }
        self.pixels = buffer
    }

    public var pixelCount: Int { width * height }

    /// The pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        get {
            let i = (y * width + x) * Self.channels
            return (pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = (y * width + x) * Self.channels
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }
}
