/// A decoded image and what its header said.
public struct DecodedImage: Sendable {
    /// RGB pixels, already turned upright when `DecodingOptions.appliesOrientation` is set.
    public var image: Image
    public var info: ImageInfo

    public init(image: Image, info: ImageInfo) {
        self.image = image
        self.info = info
    }
}
