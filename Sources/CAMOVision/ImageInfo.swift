/// What an image file's header says, read without decoding pixels.
public struct ImageInfo: Sendable, Codable, Equatable {
    public var format: ImageFormat
    /// Width after the orientation is applied (what `ImageDecoder.decode` returns by default).
    public var width: Int
    /// Height after the orientation is applied.
    public var height: Int
    /// Width as stored in the file (HEIC, AVIF: the coded size, before crop, rotation and mirror).
    public var storedWidth: Int
    /// Height as stored in the file.
    public var storedHeight: Int
    /// EXIF orientation 1...8 (1 when absent or invalid), from EXIF, else from XMP `tiff:Orientation`.
    /// Always 1 for HEIC and AVIF, whose own rotation and mirror are applied while decoding.
    public var orientation: Int
    /// Whether the file carries transparency (an alpha channel or a PNG `tRNS` chunk). Decoding drops it.
    public var hasAlpha: Bool
    /// Bits per sample as stored (1, 2, 4, 8, 10, 12 or 16; 0 when a HEIF file does not say).
    public var bitDepth: Int
    /// The stored colour model, e.g. "YCbCr 4:2:0", "CMYK", "grayscale", "palette", "RGBA 16-bit", "VP8 lossy",
    /// "HEVC", "AV1 + alpha".
    public var colourModel: String
    /// Progressive JPEG or interlaced (Adam7) PNG.
    public var isProgressive: Bool
    /// An animation (APNG or animated WebP); only APNG's default image is decoded.
    public var isAnimated: Bool
    public var hasICCProfile: Bool
    public var hasEXIF: Bool
    public var hasXMP: Bool

    public init(
        format: ImageFormat, storedWidth: Int, storedHeight: Int, orientation: Int = 1, hasAlpha: Bool,
        bitDepth: Int, colourModel: String, isProgressive: Bool = false, isAnimated: Bool = false,
        hasICCProfile: Bool = false, hasEXIF: Bool = false, hasXMP: Bool = false
    ) {
        let swapsAxes = (5...8).contains(orientation)
        self.format = format
        self.width = swapsAxes ? storedHeight : storedWidth
        self.height = swapsAxes ? storedWidth : storedHeight
        self.storedWidth = storedWidth
        self.storedHeight = storedHeight
        self.orientation = orientation
        self.hasAlpha = hasAlpha
        self.bitDepth = bitDepth
        self.colourModel = colourModel
        self.isProgressive = isProgressive
        self.isAnimated = isAnimated
        self.hasICCProfile = hasICCProfile
        self.hasEXIF = hasEXIF
        self.hasXMP = hasXMP
    }

    public var pixelCount: Int { storedWidth * storedHeight }
}
