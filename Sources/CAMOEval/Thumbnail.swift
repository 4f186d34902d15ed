import CAMOVision
import Foundation

/// Small JPEG previews for the report's gallery.
public enum Thumbnail {
    /// The image at `url` scaled to fit `side` pixels, as JPEG; nil when it cannot be read.
    public static func jpeg(contentsOf url: URL, side: Int = 128) -> Data? {
        guard let image = try? ImageDecoder.decode(contentsOf: url).image else { return nil }
        let scale = min(1, Double(side) / Double(max(image.width, image.height)))
        let size = Size(width: max(1, Int(Double(image.width) * scale)), height: max(1, Int(Double(image.height) * scale)))
        guard let small = try? image.resized(to: size, method: .area) else { return nil }
        return try? ImageEncoder.jpeg(small, options: JPEGEncodingOptions(quality: 80))
    }
}
