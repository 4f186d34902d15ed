import CWebP

/// WebP stills through libwebp. Alpha is dropped (the colour channels are kept as stored, not
/// composited), as Pillow's `convert("RGB")` does. Animated WebP is refused with
/// `unsupportedFeature`: only still images are decoded.
enum WebPDecoder {
    static func info(_ view: ByteView) throws(ImageDecodingError) -> ImageInfo {
        let header = try WebPHeader(view)
        var features = WebPBitstreamFeatures()
        let status = WebPGetFeatures(view.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), view.count, &features)
        let width: Int, height: Int, hasAlpha: Bool
        if status == VP8_STATUS_OK {
            width = Int(features.width)
            height = Int(features.height)
            hasAlpha = features.has_alpha != 0
        } else if let w = header.canvasWidth, let h = header.canvasHeight {
            // libwebp reads no single image size from animations, nor from a canvas that disagrees with
            // its image; the canvas is what the header declares (and what the pixel limit is checked on).
            (width, height, hasAlpha) = (w, h, header.hasAlphaChunk)
        } else {
            throw error(status, "reading the bitstream header")
        }
        let exif = header.exifRange.flatMap { view.slice($0.lowerBound, $0.count) }
        let xmp = header.xmpRange.flatMap { view.slice($0.lowerBound, $0.count) }
        return ImageInfo(
            format: .webp, storedWidth: width, storedHeight: height,
            orientation: ExifOrientation.resolve(exif: exif, xmp: xmp), hasAlpha: hasAlpha, bitDepth: 8,
            colourModel: header.colourModel(hasAlpha: hasAlpha), isAnimated: header.isAnimated,
            hasICCProfile: header.hasICCProfile, hasEXIF: exif != nil, hasXMP: xmp != nil
        )
    }

    static func decode(_ view: ByteView, info: ImageInfo) throws(ImageDecodingError) -> Image {
        guard !info.isAnimated else {
            throw .unsupportedFeature(format: .webp, detail: "animated WebP: only still images are decoded")
        }
        // `info` may describe a VP8X canvas that libwebp rejects; nothing is allocated for that.
        var features = WebPBitstreamFeatures()
        let headerStatus = WebPGetFeatures(view.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), view.count, &features)
        guard headerStatus == VP8_STATUS_OK else { throw error(headerStatus, "reading the bitstream header") }
        var config = WebPDecoderConfig()
        guard WebPInitDecoderConfig(&config) != 0 else {
            throw .corrupt(format: .webp, detail: "libwebp version mismatch")
        }
        let width = Int(features.width), height = Int(features.height)
        let length = width * height * 3
        var status = VP8_STATUS_OK
        let pixels = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            buffer.initialize(repeating: 0)  // libwebp leaves rows unwritten when it stops early
            config.output.colorspace = MODE_RGB
            config.output.is_external_memory = 1
            config.output.u.RGBA.rgba = buffer.baseAddress
            config.output.u.RGBA.stride = Int32(width * 3)
            config.output.u.RGBA.size = length
            status = WebPDecode(view.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), view.count, &config)
            initialized = length
        }
        guard status == VP8_STATUS_OK else { throw error(status, "decoding") }
        do {
            return try Image(width: width, height: height, pixels: pixels)
        } catch {
            throw .corrupt(format: .webp, detail: error.description)
        }
    }

    private static func error(_ status: VP8StatusCode, _ step: String) -> ImageDecodingError {
        switch status {
        case VP8_STATUS_NOT_ENOUGH_DATA:
            return .truncated(format: .webp, detail: "not enough data while \(step)")
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            return .unsupportedFeature(format: .webp, detail: "libwebp reports an unsupported feature while \(step)")
        case VP8_STATUS_OUT_OF_MEMORY:
            return .corrupt(format: .webp, detail: "out of memory while \(step)")
        default:
            return .corrupt(format: .webp, detail: "invalid bitstream while \(step) (libwebp status \(status.rawValue))")
        }
    }
}
