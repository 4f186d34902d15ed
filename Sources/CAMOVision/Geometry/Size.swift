/// A width and height in whole pixels.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)×\(height)" }

    /// Checks that an image of this size may be produced: both sides positive, neither above
    /// `Image.maximumDimension`, and the area at most `Image.maximumPixelCount`, so that a
    /// mistaken argument is reported instead of allocating without bound.
    func validated(for operation: String) throws(ImageError) -> Size {
        guard width > 0, height > 0 else {
            throw .invalidArgument("\(operation): output size \(self) must be positive")
        }
        guard width <= Image.maximumDimension, height <= Image.maximumDimension,
              width * height <= Image.maximumPixelCount
        else {
            throw .invalidArgument(
                "\(operation): output size \(self) exceeds the limit of \(Image.maximumDimension) pixels a side "
                    + "and \(Image.maximumPixelCount) pixels in all")
        }
        return self
    }
}

extension Image {
    /// The longest side any transform may produce.
    public static let maximumDimension = 1 << 16
    /// The most pixels any transform may produce (268 megapixels, 805 MB of RGB).
    public static let maximumPixelCount = 1 << 28

    public var size: Size { Size(width: width, height: height) }

    /// Wraps a buffer that the caller has already sized `width × height × 3`.
    init(validatedWidth width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Builds an image by letting `body` fill every byte of a fresh `width × height × 3` buffer.
    static func filling(
        _ size: Size, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void
    ) -> Image {
        let count = size.width * size.height * channels
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Image(validatedWidth: size.width, height: size.height, pixels: pixels)
    }
}
