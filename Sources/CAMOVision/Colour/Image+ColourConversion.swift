/// OpenCV's BT.601 conversions for 8-bit images (`color_yuv.simd.hpp`, `color_rgb.simd.hpp`):
/// 14-bit fixed-point coefficients (15-bit for grey), results rounded and clamped exactly as
/// `cv2.cvtColor` does.
///
/// `Image` holds R, G, B. A NumPy array in B, G, R order converted with a `BGR2…` code gives the
/// same planes as this image converted with the `RGB2…` code, so the `BGR` variants need no
/// separate entry points: `cv2.cvtColor(bgr, COLOR_BGR2YUV)` ≙ `image.convertedToYUV()`.
extension Image {
    private static let shift = 14
    private static let half = 1 << 13
    private static let chromaOffset = 128 << 14

    /// R and B exchanged (`COLOR_RGB2BGR`, its own inverse).
    public func channelsSwapped() -> Image {
        mappingPixels { r, g, b in (UInt8(b), UInt8(g), UInt8(r)) }
    }

    /// Luma as `COLOR_RGB2GRAY`: `(9798·R + 19235·G + 3735·B + 2¹⁴) >> 15`.
    public func grayscale() -> GrayImage {
        plane { r, g, b in UInt8(truncatingIfNeeded: (9798 * r + 19235 * g + 3735 * b + (1 << 14)) >> 15) }
    }

    /// The U plane of `COLOR_RGB2YUV` alone, the same bytes as `convertedToYUV()`'s second channel,
    /// for readers that need no other plane (the watermark decoder): a third of the work and memory.
    public func yuvUPlane() -> GrayImage {
        plane { r, g, b in Self.chroma(b - Self.luma(r, g, b), 8061) }
    }

    private func plane(_ transform: (Int, Int, Int) -> UInt8) -> GrayImage {
        let count = width * height
        let plane = pixels.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
                for i in 0..<count {
                    output[i] = transform(Int(input[3 * i]), Int(input[3 * i + 1]), Int(input[3 * i + 2]))
                }
                initialized = count
            }
        }
        return GrayImage(validatedWidth: width, height: height, pixels: plane)
    }

    /// `COLOR_RGB2YCrCb`: the result's channels hold Y, Cr, Cb.
    public func convertedToYCrCb() -> Image {
        mappingPixels { r, g, b in
            let y = Self.luma(r, g, b)
            return (UInt8(y), Self.chroma(r - y, 11682), Self.chroma(b - y, 9241))
        }
    }

    /// `COLOR_YCrCb2RGB`: reads channels as Y, Cr, Cb.
    public func convertedFromYCrCb() -> Image {
        mappingPixels { y, cr, cb in
            let cr = cr - 128, cb = cb - 128
            return (
                Self.clamped(y + Self.descale(cr * 22987)),
                Self.clamped(y + Self.descale(cb * -5636 + cr * -11698)),
                Self.clamped(y + Self.descale(cb * 29049)))
        }
    }

    /// `COLOR_RGB2YUV`: the result's channels hold Y, U, V.
    public func convertedToYUV() -> Image {
        mappingPixels { r, g, b in
            let y = Self.luma(r, g, b)
            return (UInt8(y), Self.chroma(b - y, 8061), Self.chroma(r - y, 14369))
        }
    }

    /// `COLOR_YUV2RGB`: reads channels as Y, U, V.
    public func convertedFromYUV() -> Image {
        mappingPixels { y, u, v in
            let u = u - 128, v = v - 128
            return (
                Self.clamped(y + Self.descale(v * 18678)),
                Self.clamped(y + Self.descale(u * -6472 + v * -9519)),
                Self.clamped(y + Self.descale(u * 33292)))
        }
    }

    @inline(__always) private static func descale(_ value: Int) -> Int { (value + half) >> shift }
    @inline(__always) private static func luma(_ r: Int, _ g: Int, _ b: Int) -> Int { descale(r * 4899 + g * 9617 + b * 1868) }
    @inline(__always) private static func chroma(_ difference: Int, _ coefficient: Int) -> UInt8 {
        clamped(descale(difference * coefficient + chromaOffset))
    }
    @inline(__always) private static func clamped(_ value: Int) -> UInt8 { UInt8(clamping: value) }

    private func mappingPixels(_ transform: (Int, Int, Int) -> (UInt8, UInt8, UInt8)) -> Image {
        pixels.withUnsafeBufferPointer { input in
            Image.filling(size) { output in
                var i = 0
                while i < output.count {
                    let (a, b, c) = transform(Int(input[i]), Int(input[i + 1]), Int(input[i + 2]))
                    output[i] = a
                    output[i + 1] = b
                    output[i + 2] = c
                    i += 3
                }
            }
        }
    }
}
