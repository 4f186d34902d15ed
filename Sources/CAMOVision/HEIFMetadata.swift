import CHeif
import Foundation

/// The EXIF and XMP blocks attached to the primary image of a HEIC or AVIF file, read through
/// libheif without decoding pixels, for the metadata readers (which walk JPEG, PNG and WebP
/// containers themselves but leave HEIF's item structure to libheif).
public struct HEIFMetadata: Sendable, Equatable {
    /// EXIF blocks in file order, each from where the 4-byte offset that HEIF puts before it points:
    /// normally the TIFF header (writers that point at an `Exif\0\0` prefix leave it in place).
    public var exif: [[UInt8]]
    /// XMP packets in file order: `mime` items of content type `application/rdf+xml`.
    public var xmp: [[UInt8]]

    public init(exif: [[UInt8]] = [], xmp: [[UInt8]] = []) {
        self.exif = exif
        self.xmp = xmp
    }

    /// Reads the blocks of a HEIC or AVIF file.
    ///
    /// - Throws: `ImageDecodingError.unsupportedFormat` when `data` is not HEIF, and the decoder's
    ///   errors when libheif cannot read the container.
    public static func read(_ data: Data) throws(ImageDecodingError) -> HEIFMetadata {
        guard !data.isEmpty else { throw .empty }
        return try data.withUnsafeBytes { raw in
            Result { () throws(ImageDecodingError) in
                let view = ByteView(raw)
                guard let format = ImageFormat.detect(raw), format == .heic || format == .avif else {
                    throw .unsupportedFormat(ImageFormat.detect(raw)?.name ?? "not HEIF")
                }
                return try HEIFDecoder.withPrimaryImage(view, format: format, maxPixels: DecodingOptions().maxPixels) {
                    handle throws(ImageDecodingError) in
                    var metadata = HEIFMetadata()
                    for id in blockIDs(handle, type: "Exif") {
                        metadata.exif.append(tiff(fromHEIFExif: try content(handle, id, format)))
                    }
                    for id in xmpBlockIDs(handle) {
                        metadata.xmp.append(try content(handle, id, format))
                    }
                    return metadata
                }
            }
        }.get()
    }

    /// The `mime` blocks that hold XMP.
    static func xmpBlockIDs(_ handle: OpaquePointer) -> [heif_item_id] {
        blockIDs(handle, type: "mime").filter { id in
            heif_image_handle_get_metadata_content_type(handle, id).map { String(cString: $0) } == "application/rdf+xml"
        }
    }

    private static func blockIDs(_ handle: OpaquePointer, type: String) -> [heif_item_id] {
        let count = Int(heif_image_handle_get_number_of_metadata_blocks(handle, type))
        guard count > 0 else { return [] }
        var ids = [heif_item_id](repeating: 0, count: count)
        let filled = Int(heif_image_handle_get_list_of_metadata_block_IDs(handle, type, &ids, Int32(count)))
        return Array(ids.prefix(filled))
    }

    /// The block's bytes; libheif holds them already (read with the container), so the size is bounded
    /// by the file's.
    private static func content(_ handle: OpaquePointer, _ id: heif_item_id, _ format: ImageFormat) throws(ImageDecodingError) -> [UInt8] {
        let size = heif_image_handle_get_metadata_size(handle, id)
        var bytes = [UInt8](repeating: 0, count: size)
        try HEIFDecoder.check(heif_image_handle_get_metadata(handle, id, &bytes), format, "reading metadata item \(id)")
        return bytes
    }

    /// HEIF's EXIF item starts with a 32-bit big-endian offset from its end to the TIFF header. An offset
    /// that points outside the block leaves the bytes after it as they are, for the EXIF parser to judge.
    private static func tiff(fromHEIFExif block: [UInt8]) -> [UInt8] {
        guard block.count >= 4 else { return block }
        let offset = block[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let start = 4 + offset
        return start <= block.count ? Array(block[start...]) : Array(block[4...])
    }
}
