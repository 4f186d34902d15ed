import Foundation

/// Decodes JPEG, PNG and WebP stills into RGB `Image`s whose pixels equal Pillow's
/// `ImageOps.exif_transpose(Image.open(path)).convert("RGB")` bit for bit, and HEIC and AVIF stills
/// through libheif (close to, not exactly, pillow-heif's and Pillow's pixels: see `docs/images.md`).
///
/// The format is recognised from the bytes, never from a file name. Alpha is dropped, not
/// composited over a background: each pixel keeps its stored colour channels, exactly as Pillow's
/// `convert("RGB")` does. The pixel limit is checked against the header before any pixel memory
/// is allocated. See `docs/images.md` for every conversion.
public enum ImageDecoder {
    public static func decode(_ data: Data, options: DecodingOptions = DecodingOptions()) throws(ImageDecodingError) -> DecodedImage {
        try withView(of: data) { view throws(ImageDecodingError) in
            let format = try recognise(view)
            if format == .heic || format == .avif {
                // libheif applies the file's own rotation and mirroring; there is no EXIF orientation to apply.
                return try HEIFDecoder.decode(view, format: format, options: options)
            }
            let info: ImageInfo
            let stored: Image
            switch format {
            case .jpeg:
                let (jpegInfo, header) = try JPEGDecoder.info(view)
                info = jpegInfo
                try checkLimit(info, options)
                stored = try JPEGDecoder.decode(view, header: header)
            case .png:
                let (pngInfo, header) = try PNGDecoder.info(view)
                info = pngInfo
                try checkLimit(info, options)
                stored = try PNGDecoder.decode(view, header: header)
            default:
                info = try WebPDecoder.info(view)
                try checkLimit(info, options)
                stored = try WebPDecoder.decode(view, info: info)
            }
            guard options.appliesOrientation else {
                var storedInfo = info
                (storedInfo.width, storedInfo.height) = (info.storedWidth, info.storedHeight)
                return DecodedImage(image: stored, info: storedInfo)
            }
            return DecodedImage(image: ExifOrientation.apply(info.orientation, to: stored), info: info)
        }
    }

    public static func decode(contentsOf url: URL, options: DecodingOptions = DecodingOptions()) throws(ImageDecodingError) -> DecodedImage {
        try decode(readFile(url), options: options)
    }

    /// The header's description of the image: no pixels are decoded.
    public static func info(_ data: Data) throws(ImageDecodingError) -> ImageInfo {
        try withView(of: data) { view throws(ImageDecodingError) in
            let format = try recognise(view)
            return switch format {
            case .jpeg: try JPEGDecoder.info(view).0
            case .png: try PNGDecoder.info(view).0
            case .heic, .avif: try HEIFDecoder.info(view, format: format)
            default: try WebPDecoder.info(view)
            }
        }
    }

    public static func info(contentsOf url: URL) throws(ImageDecodingError) -> ImageInfo {
        try info(readFile(url))
    }

    /// The file's bytes (memory-mapped when safe), with the typed error the decoder uses.
    public static func readFile(_ url: URL) throws(ImageDecodingError) -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func recognise(_ view: ByteView) throws(ImageDecodingError) -> ImageFormat {
        guard let format = ImageFormat.detect(view.bytes) else {
            if let format = ImageFormat.decodableFormat(startingWithPartialSignature: view.bytes) {
                throw .truncated(format: format, detail: "only \(view.count) bytes, shorter than the file signature")
            }
            let head = view.bytes.prefix(8).map { hex($0) }.joined(separator: " ")
            throw .unsupportedFormat("unknown (first bytes: \(head))")
        }
        guard format.isDecodable else { throw .unsupportedFormat(format.name) }
        return format
    }

    static func checkLimit(_ info: ImageInfo, _ options: DecodingOptions) throws(ImageDecodingError) {
        let (pixels, overflow) = info.storedWidth.multipliedReportingOverflow(by: info.storedHeight)
        guard !overflow, pixels <= options.maxPixels else {
            throw .tooLarge(width: info.storedWidth, height: info.storedHeight, limit: options.maxPixels)
        }
        guard info.storedWidth > 0, info.storedHeight > 0 else {
            throw .corrupt(format: info.format, detail: "the header declares \(info.storedWidth)×\(info.storedHeight) pixels")
        }
    }

    private static func withView<T>(of data: Data, _ body: (ByteView) throws(ImageDecodingError) -> T) throws(ImageDecodingError) -> T {
        guard !data.isEmpty else { throw .empty }
        return try data.withUnsafeBytes { raw in
            Result { () throws(ImageDecodingError) in try body(ByteView(raw)) }
        }.get()
    }
}
