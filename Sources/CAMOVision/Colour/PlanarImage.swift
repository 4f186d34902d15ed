/// A floating-point image stored plane by plane (all of channel 0, then channel 1, …), the
/// layout signal-processing code such as wavelet watermark readers works in.
public struct PlanarImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// `channels * width * height` values; channel `c`, pixel `(x, y)` is at `(c * height + y) * width + x`.
    public var planes: [Float]

    public init(width: Int, height: Int, channels: Int, planes: [Float]) throws(ImageError) {
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: width, height: height)
        }
        guard channels > 0, channels <= 4 else {
            throw .invalidArgument("planar image: channel count \(channels) must be between 1 and 4")
        }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (count, overflow2) = area.multipliedReportingOverflow(by: channels)
        guard !overflow1, !overflow2, planes.count == count else {
            throw .bufferSizeMismatch(expected: overflow1 || overflow2 ? -1 : count, actual: planes.count)
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.planes = planes
    }

    /// The bytes of an RGB image as floats (0…255), one plane per channel in R, G, B order.
    public init(_ image: Image) {
        width = image.width
        height = image.height
        channels = 3
        let area = image.width * image.height
        planes = image.pixels.withUnsafeBufferPointer { input in
            [Float](unsafeUninitializedCapacity: area * 3) { output, initialized in
                for i in 0..<area {
                    output[i] = Float(input[3 * i])
                    output[area + i] = Float(input[3 * i + 1])
                    output[2 * area + i] = Float(input[3 * i + 2])
                }
                initialized = area * 3
            }
        }
    }

    /// One channel as a contiguous slice of `width * height` values.
    public func plane(_ channel: Int) -> ArraySlice<Float> {
        let area = width * height
        return planes[(channel * area)..<((channel + 1) * area)]
    }

    public subscript(x: Int, y: Int, channel: Int) -> Float {
        get { planes[(channel * height + y) * width + x] }
        set { planes[(channel * height + y) * width + x] = newValue }
    }

    /// Back to 8-bit RGB as NumPy's `np.clip(x, 0, 255).round().astype(np.uint8)` does: clamp,
    /// round half to even; NaN becomes 0. Needs exactly three channels.
    public func roundedImage() throws(ImageError) -> Image {
        guard channels == 3 else {
            throw .invalidArgument("planar image: converting to RGB needs 3 channels, this has \(channels)")
        }
        let area = width * height
        return planes.withUnsafeBufferPointer { input in
            Image.filling(Size(width: width, height: height)) { output in
                for i in 0..<area {
                    output[3 * i] = roundedByte(input[i])
                    output[3 * i + 1] = roundedByte(input[area + i])
                    output[3 * i + 2] = roundedByte(input[2 * area + i])
                }
            }
        }
    }
}
