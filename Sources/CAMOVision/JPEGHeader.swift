/// The segments of a JPEG before its first scan: frame size, components and metadata markers.
///
/// Read by walking the markers ourselves, so the pixel limit is checked and `ImageDecoder.info`
/// answers without starting TurboJPEG.
struct JPEGHeader {
    struct Component {
        var id: UInt8
        var horizontalSampling: Int
        var verticalSampling: Int
    }

    var width = 0
    var height = 0
    var precision = 8
    var components: [Component] = []
    var isProgressive = false
    var adobeTransform: Int?
    var hasICCProfile = false
    /// The first APP1 `Exif` segment with later ones appended after their `Exif\0\0`, as Pillow joins them.
    var exifRange: [Range<Int>] = []
    var xmpRange: Range<Int>?
    /// Offset of the first SOS marker.
    var firstScanOffset = 0
    /// Quantisation tables by slot (0–3), 64 values each in natural (row-major) order; a later DQT for a slot
    /// replaces an earlier one, as in a decoder.
    var quantizationTables: [Int: [Int]] = [:]
    /// The table slot each frame component uses, in component order.
    var componentTableSlots: [Int] = []

    init(_ view: ByteView) throws(ImageDecodingError) {
        guard view.hasPrefix([0xFF, 0xD8]) else { throw .corrupt(format: .jpeg, detail: "missing SOI marker") }
        var offset = 2
        var sawFrame = false
        while true {
            // Like libjpeg (and Pillow), skip stray bytes and fill bytes before a marker.
            while let byte = view.u8(offset), byte != 0xFF { offset += 1 }
            while view.u8(offset) == 0xFF, view.u8(offset + 1) == 0xFF { offset += 1 }
            guard let marker = view.u8(offset + 1) else {
                throw .truncated(format: .jpeg, detail: "data ends at byte \(view.count) before the first scan (SOS)")
            }
            let markerOffset = offset
            offset += 2
            switch marker {
            case 0x00, 0x01, 0xD0...0xD7:
                continue  // no length field
            case 0xD9:
                throw .corrupt(format: .jpeg, detail: "end-of-image marker at byte \(markerOffset) before any scan")
            default:
                break
            }
            guard let length = view.u16be(offset) else {
                throw .truncated(format: .jpeg, detail: "marker FF\(hex(marker)) at byte \(markerOffset) has no length field")
            }
            guard length >= 2 else {
                throw .corrupt(format: .jpeg, detail: "marker FF\(hex(marker)) at byte \(markerOffset) declares length \(length) (at least 2)")
            }
            let body = offset + 2
            let bodyLength = length - 2
            guard body + bodyLength <= view.count else {
                throw .truncated(format: .jpeg, detail: "segment FF\(hex(marker)) at byte \(markerOffset) declares \(length) bytes but the data ends at byte \(view.count)")
            }
            switch marker {
            case 0xDA:
                guard sawFrame else {
                    throw .corrupt(format: .jpeg, detail: "scan (SOS) at byte \(markerOffset) before any frame header (SOF)")
                }
                firstScanOffset = markerOffset
                return
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                try readFrame(view, body: body, length: bodyLength, marker: marker, at: markerOffset)
                sawFrame = true
            case 0xDB:
                try readQuantizationTables(view, body: body, length: bodyLength, at: markerOffset)
            case 0xE1 where view.hasPrefix([0x45, 0x78, 0x69, 0x66, 0, 0], at: body) && bodyLength >= 6:
                let range = body..<body + bodyLength
                exifRange.append(exifRange.isEmpty ? range : range.lowerBound + 6..<range.upperBound)
            case 0xE1 where view.hasPrefix("http://ns.adobe.com/xap/1.0/\0", at: body):
                xmpRange = body + 29..<body + bodyLength
            case 0xE2 where view.hasPrefix("ICC_PROFILE\0", at: body):
                hasICCProfile = true
            case 0xEE where view.hasPrefix("Adobe", at: body) && bodyLength >= 12:
                adobeTransform = view.u8(body + 11).map(Int.init)
            default:
                break
            }
            offset = body + bodyLength
        }
    }

    private mutating func readFrame(_ view: ByteView, body: Int, length: Int, marker: UInt8, at markerOffset: Int) throws(ImageDecodingError) {
        guard length >= 6, let precision = view.u8(body), let height = view.u16be(body + 1),
              let width = view.u16be(body + 3), let count = view.u8(body + 5), length >= 6 + Int(count) * 3
        else {
            throw .corrupt(format: .jpeg, detail: "frame header FF\(hex(marker)) at byte \(markerOffset) is too short")
        }
        self.precision = Int(precision)
        self.width = width
        self.height = height
        isProgressive = [0xC2, 0xC6, 0xCA, 0xCE].contains(marker)
        componentTableSlots = (0..<Int(count)).map { index in Int(view.u8(body + 8 + index * 3) ?? 0) & 0x03 }
        components = (0..<Int(count)).map { index in
            let sampling = view.u8(body + 7 + index * 3) ?? 0
            return Component(id: view.u8(body + 6 + index * 3) ?? 0,
                             horizontalSampling: Int(sampling >> 4), verticalSampling: Int(sampling & 0x0F))
        }
        guard width > 0, height > 0 else {
            throw .unsupportedFeature(format: .jpeg, detail: "frame header at byte \(markerOffset) declares \(width)×\(height) (a height set later by DNL is not supported)")
        }
    }

    /// A DQT segment holds one or more tables, each a precision/slot byte and 64 values (8- or 16-bit) in zigzag order.
    private mutating func readQuantizationTables(_ view: ByteView, body: Int, length: Int, at markerOffset: Int) throws(ImageDecodingError) {
        var offset = body
        while offset < body + length {
            guard let header = view.u8(offset) else { break }
            let wide = header >> 4 == 1, slot = Int(header & 0x0F)
            let size = wide ? 128 : 64
            guard header >> 4 <= 1, slot < 4, offset + 1 + size <= body + length else {
                throw .corrupt(format: .jpeg, detail: "quantisation table segment at byte \(markerOffset) is malformed at byte \(offset)")
            }
            var natural = [Int](repeating: 0, count: 64)
            for index in 0..<64 {
                let value = wide ? view.u16be(offset + 1 + index * 2) ?? 0 : Int(view.u8(offset + 1 + index) ?? 0)
                natural[JPEGQuality.zigzag[index]] = value
            }
            quantizationTables[slot] = natural
            offset += 1 + size
        }
    }

    /// "YCbCr 4:2:0", "grayscale", "CMYK", … as stored.
    var colourModel: String {
        switch components.count {
        case 1:
            return "grayscale"
        case 3:
            if adobeTransform == 0 || components.map(\.id) == [0x52, 0x47, 0x42] { return "RGB" }
            return "YCbCr \(chromaSubsampling)"
        case 4:
            return adobeTransform == 2 ? "YCCK" : "CMYK"
        default:
            return "\(components.count) components"
        }
    }

    private var chromaSubsampling: String {
        let luma = components[0], chroma = components[1]
        guard chroma.horizontalSampling > 0, chroma.verticalSampling > 0,
              components[2].horizontalSampling == chroma.horizontalSampling,
              components[2].verticalSampling == chroma.verticalSampling
        else { return "(irregular sampling)" }
        let h = Double(luma.horizontalSampling) / Double(chroma.horizontalSampling)
        let v = Double(luma.verticalSampling) / Double(chroma.verticalSampling)
        switch (h, v) {
        case (1, 1): return "4:4:4"
        case (2, 1): return "4:2:2"
        case (2, 2): return "4:2:0"
        case (1, 2): return "4:4:0"
        case (4, 1): return "4:1:1"
        default: return "(\(luma.horizontalSampling)×\(luma.verticalSampling) luma sampling)"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
