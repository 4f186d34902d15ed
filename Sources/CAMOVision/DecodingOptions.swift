/// How `ImageDecoder` decodes.
public struct DecodingOptions: Sendable, Equatable {
    /// The largest `width × height` accepted; larger images are refused from their header, before any
    /// pixel memory is allocated. Default 64 000 000 (a 64-megapixel image needs 192 MB as RGB).
    public var maxPixels: Int
    /// Whether the EXIF orientation (or, failing that, the XMP `tiff:Orientation`) is applied, as
    /// Pillow's `ImageOps.exif_transpose` does. Default `true`. HEIC and AVIF are always decoded as
    /// displayed: their rotation and mirror are part of the image, applied by libheif.
    public var appliesOrientation: Bool

    public init(maxPixels: Int = 64_000_000, appliesOrientation: Bool = true) {
        self.maxPixels = maxPixels
        self.appliesOrientation = appliesOrientation
    }
}
