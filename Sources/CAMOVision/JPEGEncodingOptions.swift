/// How `ImageEncoder.jpeg` compresses.
public struct JPEGEncodingOptions: Sendable, Equatable {
    /// Chroma subsampling: how many luma samples share one pair of chroma samples.
    public enum ChromaSubsampling: String, Sendable, Codable, CaseIterable {
        /// Full-resolution chroma.
        case s444
        /// Chroma halved horizontally.
        case s422
        /// Chroma halved in both directions (what cameras and Pillow use by default).
        case s420
    }

    /// libjpeg quality, 1...100. Default 95.
    public var quality: Int
    /// Default `.s420`.
    public var chromaSubsampling: ChromaSubsampling

    public init(quality: Int = 95, chromaSubsampling: ChromaSubsampling = .s420) {
        self.quality = quality
        self.chromaSubsampling = chromaSubsampling
    }
}
