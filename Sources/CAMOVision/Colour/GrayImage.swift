/// An 8-bit single-channel image, rows top to bottom.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` bytes.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: width, height: height)
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels.count == count else {
            throw .bufferSizeMismatch(expected: overflow ? -1 : count, actual: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    init(validatedWidth width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
}
