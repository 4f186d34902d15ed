import CHeif
import Foundation

/// HEIF stills, HEIC (HEVC) and AVIF (AV1), through libheif: the primary image of the file.
///
/// libheif applies the file's transformations while decoding (clean-aperture crop `clap`, rotation
/// `irot`, mirror `imir`): they are part of the image, so the decoded image is what a viewer shows,
/// and the EXIF orientation that cameras also write is never applied on top (HEIF says the
/// transformations, not the EXIF tag, orient the image). Samples deeper than 8 bits are converted
/// to 8 by libheif; alpha is dropped as the other decoders drop it.
///
/// The pixel limit is checked against the coded size (`ispe`) of the primary image before decoding,
/// and libheif's own per-side limit refuses larger items (tiles, alpha planes, thumbnails) while the
/// container is read, before anything is decoded.
enum HEIFDecoder {
    /// libheif's default per-side limit (`MAX_IMAGE_WIDTH`): a larger `maxPixels` must not loosen it.
    static let maximumSide = 32_768

    static func info(_ view: ByteView, format: ImageFormat) throws(ImageDecodingError) -> ImageInfo {
        try withPrimaryImage(view, format: format, maxPixels: DecodingOptions().maxPixels) { handle throws(ImageDecodingError) in
            info(handle, format: format)
        }
    }

    /// The header's description and the upright RGB image, from one reading of the container; the
    /// pixel limit is checked between the two.
    static func decode(_ view: ByteView, format: ImageFormat, options: DecodingOptions) throws(ImageDecodingError) -> DecodedImage {
        try withPrimaryImage(view, format: format, maxPixels: options.maxPixels) { handle throws(ImageDecodingError) in
            let info = info(handle, format: format)
            try ImageDecoder.checkLimit(info, options)
            guard let decodingOptions = heif_decoding_options_alloc() else {
                throw .corrupt(format: format, detail: "libheif could not allocate decoding options")
            }
            defer { heif_decoding_options_free(decodingOptions) }
            var decoded: OpaquePointer?
            try check(heif_decode_image(handle, &decoded, heif_colorspace_RGB, heif_chroma_interleaved_RGB, decodingOptions),
                      format, "decoding the image")
            guard let decoded else { throw .corrupt(format: format, detail: "libheif returned no image") }
            defer { heif_image_release(decoded) }
            return DecodedImage(image: try rgb(of: decoded, format: format, width: info.width, height: info.height), info: info)
        }
    }

    /// Runs `body` with the primary image's handle, the context reading straight from `view`'s bytes
    /// (no copy: they outlive the context, which is freed before this returns).
    static func withPrimaryImage<T>(
        _ view: ByteView, format: ImageFormat, maxPixels: Int, _ body: (OpaquePointer) throws(ImageDecodingError) -> T
    ) throws(ImageDecodingError) -> T {
        guard let context = heif_context_alloc() else {
            throw .corrupt(format: format, detail: "libheif could not allocate a context")
        }
        defer { heif_context_free(context) }
        heif_context_set_maximum_image_size_limit(context, Int32(max(1, min(maxPixels, maximumSide))))
        try check(heif_context_read_from_memory_without_copy(context, view.bytes.baseAddress, view.count, nil),
                  format, "reading the container")
        var handle: OpaquePointer?
        try check(heif_context_get_primary_image_handle(context, &handle), format, "finding the primary image")
        guard let handle else { throw .corrupt(format: format, detail: "libheif returned no primary image") }
        defer { heif_image_handle_release(handle) }
        return try body(handle)
    }

    private static func info(_ handle: OpaquePointer, format: ImageFormat) -> ImageInfo {
        let hasAlpha = heif_image_handle_has_alpha_channel(handle) != 0
        let profile = heif_image_handle_get_color_profile_type(handle)
        let codec = format == .avif ? "AV1" : "HEVC"
        // The coded size (`ispe`) is what the decoder allocates, so it is the stored size the pixel limit is
        // checked on; the handle's size is after crop and rotation. The orientation is 1: it is already applied.
        var info = ImageInfo(
            format: format,
            storedWidth: Int(heif_image_handle_get_ispe_width(handle)),
            storedHeight: Int(heif_image_handle_get_ispe_height(handle)),
            hasAlpha: hasAlpha,
            bitDepth: max(Int(heif_image_handle_get_luma_bits_per_pixel(handle)), 0),
            colourModel: codec + (hasAlpha ? " + alpha" : ""),
            hasICCProfile: profile == heif_color_profile_type_rICC || profile == heif_color_profile_type_prof,
            hasEXIF: heif_image_handle_get_number_of_metadata_blocks(handle, "Exif") > 0,
            hasXMP: !HEIFMetadata.xmpBlockIDs(handle).isEmpty
        )
        info.width = Int(heif_image_handle_get_width(handle))
        info.height = Int(heif_image_handle_get_height(handle))
        return info
    }

    private static func rgb(of decoded: OpaquePointer, format: ImageFormat, width: Int, height: Int) throws(ImageDecodingError) -> Image {
        let decodedWidth = Int(heif_image_get_width(decoded, heif_channel_interleaved))
        let decodedHeight = Int(heif_image_get_height(decoded, heif_channel_interleaved))
        guard decodedWidth == width, decodedHeight == height else {
            throw .corrupt(format: format, detail: "the image decodes to \(decodedWidth)×\(decodedHeight) pixels, the header says \(width)×\(height)")
        }
        // interleaved RGB is 8 bits per sample whatever the file stores; anything else is a libheif surprise.
        let bits = heif_image_get_bits_per_pixel_range(decoded, heif_channel_interleaved)
        guard bits == 8 else {
            throw .unsupportedFeature(format: format, detail: "libheif returned \(bits)-bit samples for 8-bit RGB")
        }
        var stride: Int32 = 0
        guard let plane = heif_image_get_plane_readonly(decoded, heif_channel_interleaved, &stride),
              Int(stride) >= width * 3 else {
            throw .corrupt(format: format, detail: "libheif returned no RGB plane")
        }
        let rowBytes = width * 3
        let pixels = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, initialized in
            guard let target = buffer.baseAddress else { return }
            for y in 0..<height {
                (target + y * rowBytes).update(from: plane + y * Int(stride), count: rowBytes)
            }
            initialized = rowBytes * height
        }
        do {
            return try Image(width: width, height: height, pixels: pixels)
        } catch {
            throw .corrupt(format: format, detail: error.description)
        }
    }

    /// Turns a libheif failure into the decoder's typed error, keeping libheif's message.
    static func check(_ error: heif_error, _ format: ImageFormat, _ step: String) throws(ImageDecodingError) {
        guard error.code != heif_error_Ok else { return }
        // libheif ends some messages with a newline.
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "no message"
        let detail = "\(message) while \(step) (libheif error \(error.code.rawValue).\(error.subcode.rawValue))"
        switch (error.code, error.subcode) {
        case (_, heif_suberror_End_of_data):
            throw .truncated(format: format, detail: detail)
        case (heif_error_Unsupported_feature, _), (heif_error_Unsupported_filetype, _),
             (heif_error_Memory_allocation_error, heif_suberror_Security_limit_exceeded):
            throw .unsupportedFeature(format: format, detail: detail)
        default:
            throw .corrupt(format: format, detail: detail)
        }
    }
}
