import CTurboJPEG

/// JPEG through TurboJPEG, with the settings Pillow uses: the accurate integer DCT ("islow") and
/// fancy upsampling, so that pixels match Pillow's bit for bit.
///
/// TurboJPEG reports libjpeg warnings instead of exiting. A warning that the data ended early, or a
/// stream with no end-of-image marker after its scans, is `truncated` (Pillow refuses such files
/// too); other warnings (stray bytes between segments, for example) are tolerated, as in Pillow.
enum JPEGDecoder {
    static func info(_ view: ByteView) throws(ImageDecodingError) -> (ImageInfo, JPEGHeader) {
        let header = try JPEGHeader(view)
        let orientation = withExif(of: header, in: view) { exif in
            ExifOrientation.resolve(exif: exif, xmp: header.xmpRange.flatMap { view.slice($0.lowerBound, $0.count) })
        }
        let info = ImageInfo(
            format: .jpeg, storedWidth: header.width, storedHeight: header.height, orientation: orientation,
            hasAlpha: false, bitDepth: header.precision, colourModel: header.colourModel,
            isProgressive: header.isProgressive, hasICCProfile: header.hasICCProfile,
            hasEXIF: !header.exifRange.isEmpty, hasXMP: header.xmpRange != nil
        )
        return (info, header)
    }

    static func decode(_ view: ByteView, header: JPEGHeader) throws(ImageDecodingError) -> Image {
        guard header.precision == 8 else {
            throw .unsupportedFeature(format: .jpeg, detail: "\(header.precision)-bit samples (only 8-bit JPEG is decoded)")
        }
        guard let handle = tjInitDecompress() else {
            throw .corrupt(format: .jpeg, detail: "TurboJPEG could not start a decompressor")
        }
        defer { tjDestroy(handle) }
        guard let base = view.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .empty }
        let size = UInt(view.count)

        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
        if tjDecompressHeader3(handle, base, size, &width, &height, &subsampling, &colourspace) != 0 {
            throw .corrupt(format: .jpeg, detail: message(handle))
        }
        guard Int(width) == header.width, Int(height) == header.height else {
            throw .corrupt(format: .jpeg, detail: "TurboJPEG reads \(width)×\(height), the frame header says \(header.width)×\(header.height)")
        }
        let pixelCount = Int(width) * Int(height)
        let flags = TJFLAG_LIMITSCANS  // refuses pathological progressive files with more than 500 scans
        let isCMYK = colourspace == Int32(TJCS_CMYK.rawValue) || colourspace == Int32(TJCS_YCCK.rawValue)
        let format = isCMYK ? TJPF_CMYK : TJPF_RGB
        let channels = isCMYK ? 4 : 3

        var status: Int32 = 0
        var warning = ""
        let decoded = [UInt8](unsafeUninitializedCapacity: pixelCount * channels) { buffer, initialized in
            status = tjDecompress2(handle, base, size, buffer.baseAddress, width, 0, height, Int32(format.rawValue), flags)
            if status != 0 { warning = message(handle) }
            // On a fatal error TurboJPEG may leave rows unwritten; the buffer is discarded below, but it
            // must still be initialised memory.
            if status != 0 && tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) {
                buffer.initialize(repeating: 0)
            }
            initialized = pixelCount * channels
        }
        if status != 0 {
            if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) {
                throw isEndOfData(warning) ? .truncated(format: .jpeg, detail: warning) : .corrupt(format: .jpeg, detail: warning)
            }
            if isEndOfData(warning) {
                throw .truncated(format: .jpeg, detail: "\(warning) (\(view.count) bytes)")
            }
        }
        guard hasEndOfImage(view, after: header.firstScanOffset) else {
            throw .truncated(format: .jpeg, detail: "no end-of-image marker after the scan data (\(view.count) bytes)")
        }
        let rgb = isCMYK ? pillowRGB(fromAdobeCMYK: decoded) : decoded
        do {
            return try Image(width: Int(width), height: Int(height), pixels: rgb)
        } catch {
            throw .corrupt(format: .jpeg, detail: error.description)
        }
    }

    /// Pillow reads every four-component JPEG as inverted ("Adobe") CMYK and converts each pixel with
    /// `R = (255 − K) − (C·(255 − K))/255` (rounded as its `MULDIV255` does), same for G and B.
    private static func pillowRGB(fromAdobeCMYK cmyk: [UInt8]) -> [UInt8] {
        let pixels = cmyk.count / 4
        return [UInt8](unsafeUninitializedCapacity: pixels * 3) { out, initialized in
            cmyk.withUnsafeBufferPointer { input in
                for p in 0..<pixels {
                    let k = Int(input[p * 4 + 3])  // the stored (inverted) K is 255 − K
                    for c in 0..<3 {
                        let ink = 255 - Int(input[p * 4 + c])
                        let t = ink * k + 128
                        out[p * 3 + c] = UInt8(clamping: k - (((t >> 8) + t) >> 8))
                    }
                }
            }
            initialized = pixels * 3
        }
    }

    /// libjpeg's JWRN_JPEG_EOF ("Premature end of JPEG file"); its "premature end of data segment"
    /// warning is about a damaged scan, not a short file, and is tolerated.
    private static func isEndOfData(_ message: String) -> Bool {
        message.contains("Premature end")
    }

    /// Whether an EOI marker follows the first scan. Searching backwards finds it at once in complete files.
    private static func hasEndOfImage(_ view: ByteView, after scanOffset: Int) -> Bool {
        var index = view.count - 2
        while index > scanOffset {
            if view.bytes[index] == 0xFF && view.bytes[index + 1] == 0xD9 { return true }
            index -= 1
        }
        return false
    }

    private static func message(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        return String(cString: text)
    }

    /// Calls `body` with the EXIF block, joining several APP1 `Exif` segments as Pillow does.
    private static func withExif<T>(of header: JPEGHeader, in view: ByteView, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        let parts = header.exifRange.compactMap { view.slice($0.lowerBound, $0.count) }
        switch parts.count {
        case 0: return body(nil)
        case 1: return body(parts[0])
        default:
            let joined = parts.flatMap { Array($0) }
            return joined.withUnsafeBytes { body($0) }
        }
    }
}
