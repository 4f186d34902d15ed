import CSpng

/// PNG through spng, converted to RGB the way Pillow's `convert("RGB")` does.
///
/// - 8-bit and lower: palette entries, replicated grey levels (1/2/4-bit scaled to 0...255), colour
///   channels; alpha and `tRNS` are dropped, not composited.
/// - 16-bit RGB, RGBA and grey+alpha: the high byte of each sample.
/// - 16-bit grey: Pillow opens it as mode `I;16` and converts by clipping, so values above 255
///   become 255 (not scaled).
///
/// Ancillary chunks (text, metadata) larger than `ancillaryChunkLimit` are removed before spng
/// sees the data, so a huge text chunk costs one copy of the file and is never parsed or cached;
/// the image is still decoded. spng's cache limit bounds what the remaining chunks (for example
/// inflated zTXt) may use; beyond it decoding fails with `corrupt`.
enum PNGDecoder {
    /// Ancillary chunks above this size are skipped (spng applies no such limit to image data).
    static let ancillaryChunkLimit = 8 << 20
    /// Total memory spng may spend on the ancillary chunks it keeps.
    static let chunkCacheLimit = 64 << 20

    static func info(_ view: ByteView) throws(ImageDecodingError) -> (ImageInfo, PNGHeader) {
        let header = try PNGHeader(view)
        let exif = header.exifRange.flatMap { view.slice($0.lowerBound, $0.count) }
        let xmp = header.xmpRange.flatMap { view.slice($0.lowerBound, $0.count) }
        let orientation = header.rawProfileExif.map { raw in
            raw.withUnsafeBytes { ExifOrientation.resolve(exif: exif ?? $0, xmp: xmp) }
        } ?? ExifOrientation.resolve(exif: exif, xmp: xmp)
        let info = ImageInfo(
            format: .png, storedWidth: header.width, storedHeight: header.height, orientation: orientation,
            hasAlpha: header.hasAlpha, bitDepth: header.bitDepth, colourModel: header.colourModel,
            isProgressive: header.isInterlaced, isAnimated: header.isAnimated, hasICCProfile: header.hasICCProfile,
            hasEXIF: exif != nil || header.rawProfileExif != nil, hasXMP: xmp != nil
        )
        return (info, header)
    }

    static func decode(_ view: ByteView, header: PNGHeader) throws(ImageDecodingError) -> Image {
        guard !header.oversizedAncillaryChunks.isEmpty else { return try decode(view.bytes) }
        var kept: [UInt8] = []
        kept.reserveCapacity(view.count - header.oversizedAncillaryChunks.reduce(0) { $0 + $1.count })
        var start = 0
        for chunk in header.oversizedAncillaryChunks {
            kept += view.bytes[start..<chunk.lowerBound]
            start = chunk.upperBound
        }
        kept += view.bytes[start...]
        return try kept.withUnsafeBytes { bytes in
            Result { () throws(ImageDecodingError) in try decode(bytes) }
        }.get()
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer) throws(ImageDecodingError) -> Image {
        guard let context = spng_ctx_new(Int32(SPNG_CTX_IGNORE_ADLER32.rawValue)) else {
            throw .corrupt(format: .png, detail: "spng could not allocate a decoder")
        }
        defer { spng_ctx_free(context) }
        try check(spng_set_png_buffer(context, bytes.baseAddress, bytes.count), "reading the buffer")
        try check(spng_set_chunk_limits(context, ancillaryChunkLimit, chunkCacheLimit), "setting chunk limits")
        var ihdr = spng_ihdr()
        try check(spng_get_ihdr(context, &ihdr), "reading IHDR")

        let isGray16 = ihdr.color_type == UInt8(SPNG_COLOR_TYPE_GRAYSCALE.rawValue) && ihdr.bit_depth == 16
        let format = Int32(isGray16 ? SPNG_FMT_PNG.rawValue : SPNG_FMT_RGB8.rawValue)
        var length = 0
        try check(spng_decoded_image_size(context, format, &length), "sizing the image")
        let width = Int(ihdr.width), height = Int(ihdr.height)

        var status: Int32 = 0
        var decoded = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            status = spng_decode_image(context, buffer.baseAddress, length, format, 0)
            if status != 0 { buffer.initialize(repeating: 0) }
            initialized = length
        }
        try check(status, "decoding the image data")
        if isGray16 {
            decoded = clippedRGB(fromGray16: decoded, pixelCount: width * height)
        }
        do {
            return try Image(width: width, height: height, pixels: decoded)
        } catch {
            throw .corrupt(format: .png, detail: error.description)
        }
    }

    /// Pillow's `I;16` → `RGB`: each sample clipped to 255 and repeated in the three channels.
    private static func clippedRGB(fromGray16 samples: [UInt8], pixelCount: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { out, initialized in
            samples.withUnsafeBytes { raw in
                for p in 0..<pixelCount {
                    // Host-endian, as spng returns SPNG_FMT_PNG.
                    let value = UInt8(min(raw.loadUnaligned(fromByteOffset: p * 2, as: UInt16.self), 255))
                    out[p * 3] = value
                    out[p * 3 + 1] = value
                    out[p * 3 + 2] = value
                }
            }
            initialized = pixelCount * 3
        }
    }

    private static func check(_ status: Int32, _ step: String) throws(ImageDecodingError) {
        guard status != 0 else { return }
        let reason = String(cString: spng_strerror(status))
        if status == Int32(SPNG_IO_EOF.rawValue) || status == Int32(SPNG_IO_ERROR.rawValue) {
            throw .truncated(format: .png, detail: "data ends while \(step) (\(reason))")
        }
        throw .corrupt(format: .png, detail: "\(reason) while \(step)")
    }
}
