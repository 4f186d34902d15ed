import Foundation

extension Image {
    /// Decodes JPEG, PNG, WebP, HEIC or AVIF bytes (see `ImageDecoder`), turned upright by default.
    public init(decoding data: Data, options: DecodingOptions = DecodingOptions()) throws(ImageDecodingError) {
        self = try ImageDecoder.decode(data, options: options).image
    }
}
