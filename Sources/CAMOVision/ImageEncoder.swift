import CSpng
import CTurboJPEG
import CWebP
import Foundation

/// Encodes RGB `Image`s as JPEG (TurboJPEG, accurate DCT), PNG (spng, 8-bit RGB) or WebP (libwebp), with no metadata.
public enum ImageEncoder {
    public static func jpeg(_ image: Image, options: JPEGEncodingOptions = JPEGEncodingOptions()) throws(ImageEncodingError) -> Data {
        guard (1...100).contains(options.quality) else {
            throw .invalidOption("JPEG quality \(options.quality) is outside 1...100")
        }
        try checkDimensions(image)
        guard let handle = tjInitCompress() else {
            throw .codecFailure(format: .jpeg, detail: "TurboJPEG could not start a compressor")
        }
        defer { tjDestroy(handle) }
        let subsampling: TJSAMP = switch options.chromaSubsampling {
        case .s444: TJSAMP_444
        case .s422: TJSAMP_422
        case .s420: TJSAMP_420
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        defer { tjFree(output) }
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(TJPF_RGB.rawValue),
                        &output, &size, Int32(subsampling.rawValue), Int32(options.quality), TJFLAG_ACCURATEDCT)
        }
        guard status == 0, let output else {
            throw .codecFailure(format: .jpeg, detail: String(cString: tjGetErrorStr2(handle)))
        }
        return Data(bytes: output, count: Int(size))
    }

    /// WebP through libwebp's simple API: lossy at `quality` (0–100, libwebp's scale), or lossless when `quality` is nil.
    public static func webp(_ image: Image, quality: Float?) throws(ImageEncodingError) -> Data {
        if let quality, !(0...100).contains(quality) {
            throw .invalidOption("WebP quality \(quality) is outside 0...100")
        }
        // libwebp's limit (WEBP_MAX_DIMENSION).
        guard image.width <= 16383, image.height <= 16383 else {
            throw .invalidOption("\(image.width)×\(image.height) exceeds WebP's largest dimensions (16383)")
        }
        var output: UnsafeMutablePointer<UInt8>?
        let size = image.pixels.withUnsafeBufferPointer { buffer in
            let stride = Int32(image.width * 3)
            if let quality {
                return WebPEncodeRGB(buffer.baseAddress, Int32(image.width), Int32(image.height), stride, quality, &output)
            }
            return WebPEncodeLosslessRGB(buffer.baseAddress, Int32(image.width), Int32(image.height), stride, &output)
        }
        guard size > 0, let output else { throw .codecFailure(format: .webp, detail: "libwebp could not encode the image") }
        defer { WebPFree(output) }
        return Data(bytes: output, count: size)
    }

    /// `compressionLevel` is zlib's, 0 (store) ... 9 (smallest); default 6.
    public static func png(_ image: Image, compressionLevel: Int = 6) throws(ImageEncodingError) -> Data {
        try checkDimensions(image)
        return try png(width: image.width, height: image.height, colourType: SPNG_COLOR_TYPE_TRUECOLOR, pixels: image.pixels,
                       compressionLevel: compressionLevel)
    }

    /// A greyscale PNG (colour type 0), e.g. a face mask.
    public static func png(_ image: GrayImage, compressionLevel: Int = 6) throws(ImageEncodingError) -> Data {
        guard image.width <= Int(Int32.max), image.height <= Int(Int32.max) else {
            throw .invalidOption("\(image.width)×\(image.height) exceeds the largest encodable dimensions")
        }
        return try png(width: image.width, height: image.height, colourType: SPNG_COLOR_TYPE_GRAYSCALE, pixels: image.pixels,
                       compressionLevel: compressionLevel)
    }

    private static func png(
        width: Int, height: Int, colourType: spng_color_type, pixels: [UInt8], compressionLevel: Int
    ) throws(ImageEncodingError) -> Data {
        guard (0...9).contains(compressionLevel) else {
            throw .invalidOption("PNG compression level \(compressionLevel) is outside 0...9")
        }
        guard let context = spng_ctx_new(Int32(SPNG_CTX_ENCODER.rawValue)) else {
            throw .codecFailure(format: .png, detail: "spng could not allocate an encoder")
        }
        defer { spng_ctx_free(context) }
        var ihdr = spng_ihdr(width: UInt32(width), height: UInt32(height), bit_depth: 8,
                             color_type: UInt8(colourType.rawValue),
                             compression_method: 0, filter_method: 0, interlace_method: 0)
        try check(spng_set_option(context, SPNG_ENCODE_TO_BUFFER, 1))
        try check(spng_set_option(context, SPNG_IMG_COMPRESSION_LEVEL, Int32(compressionLevel)))
        try check(spng_set_ihdr(context, &ihdr))
        let status = pixels.withUnsafeBytes { pixels in
            spng_encode_image(context, pixels.baseAddress, pixels.count, Int32(SPNG_FMT_PNG.rawValue),
                              Int32(SPNG_ENCODE_FINALIZE.rawValue))
        }
        try check(status)
        var length = 0
        var error: Int32 = 0
        guard let buffer = spng_get_png_buffer(context, &length, &error) else {
            throw .codecFailure(format: .png, detail: String(cString: spng_strerror(error)))
        }
        defer { free(buffer) }
        return Data(bytes: buffer, count: length)
    }

    /// Both codecs store dimensions as 32-bit signed integers.
    private static func checkDimensions(_ image: Image) throws(ImageEncodingError) {
        guard image.width <= Int(Int32.max), image.height <= Int(Int32.max) else {
            throw .invalidOption("\(image.width)×\(image.height) exceeds the largest encodable dimensions")
        }
    }

    private static func check(_ status: Int32) throws(ImageEncodingError) {
        guard status == 0 else { throw .codecFailure(format: .png, detail: String(cString: spng_strerror(status))) }
    }
}
