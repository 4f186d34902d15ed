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
        // Every orientation maps output pixel (x, y) to stored pixel index origin + x·stepX + y·stepY.
        let (origin, stepX, stepY): (Int, Int, Int)
        switch orientation {
        case 2: (origin, stepX, stepY) = (width - 1, -1, width)                         // mirror left–right
        case 3: (origin, stepX, stepY) = ((height - 1) * width + width - 1, -1, -width) // rotate 180°
        case 4: (origin, stepX, stepY) = ((height - 1) * width, 1, -width)              // mirror top–bottom
        case 5: (origin, stepX, stepY) = (0, width, 1)                                  // transpose
        case 6: (origin, stepX, stepY) = ((height - 1) * width, -width, 1)              // rotate 90° clockwise
        case 7: (origin, stepX, stepY) = ((height - 1) * width + width - 1, -width, -1) // transverse
        case 8: (origin, stepX, stepY) = (width - 1, width, -1)                         // rotate 90° anticlockwise
        default: return image
        }
        let swapsAxes = orientation >= 5
        let outWidth = swapsAxes ? height : width
        let outHeight = swapsAxes ? width : height
        // Tiles keep both the rows written and the columns read in cache when the axes swap.
        let tile = 64
        let pixels = [UInt8](unsafeUninitializedCapacity: image.pixels.count) { out, initialized in
            image.pixels.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress, let target = out.baseAddress else { return }
                for tileY in stride(from: 0, to: outHeight, by: tile) {
                    for tileX in stride(from: 0, to: outWidth, by: tile) {
                        let rowBytes = (min(tileX + tile, outWidth) - tileX) * 3
                        for y in tileY..<min(tileY + tile, outHeight) {
                            var from = (origin + tileX * stepX + y * stepY) * 3
                            var to = (y * outWidth + tileX) * 3
                            let end = to + rowBytes
                            while to < end {
                                target[to] = source[from]
                                target[to + 1] = source[from + 1]
                                target[to + 2] = source[from + 2]
                                from += stepX * 3
                                to += 3
                            }
                        }
                    }
                }
            }
            initialized = image.pixels.count
        }
        // The dimensions are positive and the buffer is exactly their product, so this cannot fail.
        return (try? Image(width: outWidth, height: outHeight, pixels: pixels)) ?? image
    }
}
