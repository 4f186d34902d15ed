/// The EXIF orientation tag (0x0112), read and applied the way Pillow's `ImageOps.exif_transpose` does.
///
/// Pillow takes the tag from IFD0 of the EXIF block; only when the tag is absent does it look for
/// `tiff:Orientation="N"` (or `>N`) in the XMP packet. Values outside 2...8 leave the image as stored.
enum ExifOrientation {
    /// The orientation Pillow would use, 1...8 (1 when nothing valid is found).
    static func resolve(exif: UnsafeRawBufferPointer?, xmp: UnsafeRawBufferPointer?) -> Int {
        let tagged = exif.flatMap(orientationTag(inExif:)) ?? xmp.flatMap(orientationTag(inXMP:))
        guard let value = tagged, (1...8).contains(value) else { return 1 }
        return value
    }

    /// The raw tag value in IFD0, `nil` when the block has no orientation tag.
    static func orientationTag(inExif block: UnsafeRawBufferPointer) -> Int? {
        var view = ByteView(block)
        // Pillow strips the "Exif\0\0" prefix up to twice (some writers double it).
        for _ in 0..<2 {
            if view.hasPrefix([0x45, 0x78, 0x69, 0x66, 0, 0]), let rest = view.slice(6, view.count - 6) {
                view = ByteView(rest)
            }
        }
        let littleEndian: Bool
        if view.hasPrefix([0x49, 0x49, 0x2A, 0x00]) {
            littleEndian = true
        } else if view.hasPrefix([0x4D, 0x4D, 0x00, 0x2A]) {
            littleEndian = false
        } else {
            return nil
        }
        let u16 = { (offset: Int) in littleEndian ? view.u16le(offset) : view.u16be(offset) }
        let u32 = { (offset: Int) in littleEndian ? view.u32le(offset) : view.u32be(offset) }
        guard let ifd = u32(4), let entries = u16(ifd) else { return nil }
        for index in 0..<entries {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry), let type = u16(entry + 2), let count = u32(entry + 4) else { return nil }
            guard tag == 0x0112 else { continue }
            // A multi-valued or non-integer tag never matches one of Pillow's transpose methods.
            guard count == 1 else { return 0 }
            switch type {
            case 1: return view.u8(entry + 8).map { Int($0) }
            case 6: return view.u8(entry + 8).map { Int(Int8(bitPattern: $0)) }
            case 3, 8: return u16(entry + 8).map { type == 8 ? Int(Int16(truncatingIfNeeded: $0)) : $0 }
            case 4, 9: return u32(entry + 8).map { type == 9 ? Int(Int32(truncatingIfNeeded: $0)) : $0 }
            default: return 0
            }
        }
        return nil
    }

    /// The digit after the first `tiff:Orientation="` or `tiff:Orientation>` in an XMP packet.
    static func orientationTag(inXMP packet: UnsafeRawBufferPointer) -> Int? {
        let key = Array("tiff:Orientation".utf8)
        guard packet.count > key.count + 1 else { return nil }
        var start = 0
        while start + key.count + 1 < packet.count {
            guard let found = firstIndex(of: key, in: packet, from: start) else { return nil }
            var next = found + key.count
            if packet[next] == UInt8(ascii: "=") && next + 1 < packet.count && packet[next + 1] == UInt8(ascii: "\"") {
                next += 2
            } else if packet[next] == UInt8(ascii: ">") {
                next += 1
            } else {
                start = found + 1
                continue
            }
            if next < packet.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(packet[next]) {
                return Int(packet[next] - UInt8(ascii: "0"))
            }
            start = found + 1
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first,
               UnsafeRawBufferPointer(rebasing: haystack[index..<index + needle.count]).elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// `image` turned upright: the same transposition Pillow applies for each orientation.
    static func apply(_ orientation: Int, to image: Image) -> Image {
        let width = image.width, height = image.height
        // Maps an output pixel (x, y) to the stored pixel it shows.
        let source: (Int, Int) -> (Int, Int)
        let swapsAxes = (5...8).contains(orientation)
        switch orientation {
        case 2: source = { x, y in (width - 1 - x, y) }                 // mirror left–right
        case 3: source = { x, y in (width - 1 - x, height - 1 - y) }    // rotate 180°
        case 4: source = { x, y in (x, height - 1 - y) }                // mirror top–bottom
        case 5: source = { x, y in (y, x) }                             // transpose
        case 6: source = { x, y in (y, height - 1 - x) }                // rotate 90° clockwise
        case 7: source = { x, y in (width - 1 - y, height - 1 - x) }    // transverse
        case 8: source = { x, y in (width - 1 - y, x) }                 // rotate 90° anticlockwise
        default: return image
        }
        let outWidth = swapsAxes ? height : width
        let outHeight = swapsAxes ? width : height
        let pixels = [UInt8](unsafeUninitializedCapacity: image.pixels.count) { out, initialized in
            image.pixels.withUnsafeBufferPointer { input in
                var o = 0
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let (sx, sy) = source(x, y)
                        let i = (sy * width + sx) * 3
                        out[o] = input[i]
                        out[o + 1] = input[i + 1]
                        out[o + 2] = input[i + 2]
                        o += 3
                    }
                }
            }
            initialized = image.pixels.count
        }
        // The dimensions are positive and the buffer is exactly their product, so this cannot fail.
        return (try? Image(width: outWidth, height: outHeight, pixels: pixels)) ?? image
    }
}
