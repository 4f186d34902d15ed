import CAMOVision
import Foundation

/// Reads the metadata of a JPEG, PNG, WebP, HEIC or AVIF image, or of an MP4 or MOV video, from its
/// container bytes, without decoding pixels. HEIF's EXIF and XMP items are found by libheif
/// (`HEIFMetadata`), its C2PA manifest store in its top-level boxes; an MP4's or MOV's C2PA store
/// and XMP in its top-level boxes too.
public enum MetadataReader {
    /// Reads every metadata block in `data`. Malformed blocks never throw: each is recorded in
    /// `ImageMetadata.notes` and the rest of the file is still read. A C2PA manifest store is
    /// validated against `data` by `c2paValidator` (by default without a trust list).
    ///
    /// A video is better read with `read(contentsOf:)`, which never loads it whole.
    ///
    /// - Throws: `MetadataReaderError.unrecognizedContainer` when `data` is not JPEG, PNG, WebP, HEIC,
    ///   AVIF, MP4 or MOV.
    public static func read(_ data: Data, limits: MetadataLimits = .default,
                            c2paValidator: C2PAValidator? = nil) throws(MetadataReaderError) -> ImageMetadata {
        let bytes = [UInt8](data)
        let container = try container(of: bytes)
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
        case .mp4, .mov:
            BMFFMetadataScanner.scan(.memory(bytes), video: true, into: &collector)
        }
        return validated(collector, asset: .memory(bytes), c2paValidator: c2paValidator)
    }

    /// Reads the file at `url`. An MP4 or MOV file is never loaded whole: its boxes are listed from
    /// their headers, only its C2PA `uuid` box (at most `MetadataLimits.maxJUMBFBytes`) and XMP
    /// (at most `maxTextBytes`) are read into memory, and the bytes its `c2pa.hash.bmff` binding
    /// covers, `mdat` included, are streamed once through the hash, 1 MiB at a time. An image is
    /// read whole, as `read(_:)` reads it.
    ///
    /// - Throws: `MetadataReaderError.unrecognizedContainer`, or the error that opening or reading the file gave.
    public static func read(contentsOf url: URL, limits: MetadataLimits = .default, c2paValidator: C2PAValidator? = nil) throws -> ImageMetadata {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = [UInt8](try handle.read(upToCount: headLength) ?? Data())
        guard let container = try? container(of: head), container == .mp4 || container == .mov else {
            try handle.seek(toOffset: 0)
            return try read(handle.readToEnd() ?? Data(), limits: limits, c2paValidator: c2paValidator)
        }
        let size = try handle.seekToEnd()
        let source = ByteSource.file(handle, count: Int(size))
        var collector = MetadataCollector(container: container, limits: limits)
        BMFFMetadataScanner.scan(source, video: true, into: &collector)
        return validated(collector, asset: source, c2paValidator: c2paValidator)
    }

    /// Bytes of a file's start enough to tell its container: an `ftyp` box with a few dozen brands.
    private static let headLength = 256

    /// The container whose signature starts `bytes`.
    private static func container(of bytes: [UInt8]) throws(MetadataReaderError) -> ImageMetadata.Container {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: PNGMetadataScanner.signature) { return .png }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) { return .webp }
        if let format = ImageFormat.detect(bytes), format == .heic || format == .avif { return format == .heic ? .heic : .avif }
        if let video = BMFFVideo.container(Array(bytes.prefix(headLength))) { return video }
        let leading = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        throw .unrecognizedContainer(leadingBytes: leading.isEmpty ? "none" : leading)
    }

    /// The collected metadata, with its C2PA store validated against `asset`.
    private static func validated(_ collector: MetadataCollector, asset: ByteSource, c2paValidator: C2PAValidator?) -> ImageMetadata {
        var metadata = collector.metadata
        if let jumbf = collector.c2paJUMBF {
            let validator = c2paValidator ?? C2PAValidator(limits: collector.limits)
            metadata.c2pa?.validation = validator.validate(jumbf: jumbf, asset: asset, manifestLocation: collector.c2paLocation,
                                                           boxes: collector.bmffBoxes)
        }
        return metadata
    }
}
