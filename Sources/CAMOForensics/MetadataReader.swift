import CAMOVision
import Foundation

/// Reads the metadata of a JPEG, PNG, WebP, HEIC or AVIF file from its container bytes, without
/// decoding pixels. HEIF's EXIF and XMP items are found by libheif (`HEIFMetadata`), its C2PA
/// manifest store in its top-level boxes.
public enum MetadataReader {
    /// Reads every metadata block in `data`. Malformed blocks never throw: each is recorded in
    /// `ImageMetadata.notes` and the rest of the file is still read. A C2PA manifest store is
    /// validated against `data` by `c2paValidator` (by default without a trust list).
    ///
    /// - Throws: `MetadataReaderError.unrecognizedContainer` when `data` is not JPEG, PNG, WebP, HEIC or AVIF.
    public static func read(_ data: Data, limits: MetadataLimits = .default,
                            c2paValidator: C2PAValidator? = nil) throws(MetadataReaderError) -> ImageMetadata {
        let bytes = [UInt8](data)
        let container: ImageMetadata.Container
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            container = .jpeg
        } else if bytes.starts(with: PNGMetadataScanner.signature) {
            container = .png
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) {
            container = .webp
        } else if let format = ImageFormat.detect(bytes), format == .heic || format == .avif {
            container = format == .heic ? .heic : .avif
        } else {
            let leading = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw .unrecognizedContainer(leadingBytes: leading.isEmpty ? "none" : leading)
        }
        var collector = MetadataCollector(container: container, limits: limits)
        switch container {
        case .jpeg: JPEGMetadataScanner.scan(bytes, into: &collector)
        case .png: PNGMetadataScanner.scan(bytes, into: &collector)
        case .webp: WebPMetadataScanner.scan(bytes, into: &collector)
        case .heic, .avif:
            do {
                let blocks = try HEIFMetadata.read(data)
                for (kind, count) in [("EXIF", blocks.exif.count), ("XMP", blocks.xmp.count)] where count > limits.maxBlocks {
                    collector.note("HEIF: \(count) \(kind) blocks, only the first \(limits.maxBlocks) are read")
                }
                blocks.exif.prefix(limits.maxBlocks).forEach { collector.addExif($0) }
                blocks.xmp.prefix(limits.maxBlocks).forEach { collector.addXMP($0, source: "HEIF XMP") }
            } catch {
                collector.note("HEIF: \(error)")
            }
            BMFFMetadataScanner.scan(bytes, into: &collector)
        }
        var metadata = collector.metadata
        if let jumbf = collector.c2paJUMBF {
            let validator = c2paValidator ?? C2PAValidator(limits: limits)
            metadata.c2pa?.validation = validator.validate(jumbf: jumbf, asset: bytes, manifestLocation: collector.c2paLocation,
                                                           boxes: collector.bmffBoxes)
        }
        return metadata
    }

    /// Reads the file at `url`.
    public static func read(contentsOf url: URL, limits: MetadataLimits = .default, c2paValidator: C2PAValidator? = nil) throws -> ImageMetadata {
        try read(Data(contentsOf: url), limits: limits, c2paValidator: c2paValidator)
    }
}
