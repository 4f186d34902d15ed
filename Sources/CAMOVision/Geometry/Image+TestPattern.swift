extension Image {
    /// A deterministic synthetic image for tests and benchmarks: a smooth gradient per channel
    /// (red along x, green along y, blue along the diagonal) plus ±32 of integer-hash noise, so
    /// it has both flat regions and edges. Defined with integer arithmetic only, so the oracle
    /// scripts (`scripts/oracles/geometry_opencv.py`) compute the same bytes with NumPy:
    ///
    ///     smooth = [x·255 ÷ max(w−1, 1), y·255 ÷ max(h−1, 1), (x+y)·255 ÷ max(w+h−2, 1)][c]
    ///     hash   = ((x·73856093) xor (y·19349663) xor (c·83492791)) · 2654435761   (mod 2³²)
    ///     value  = clamp(smooth + (hash >> 24) mod 64 − 32, 0, 255)
    public static func testPattern(width: Int, height: Int) throws(ImageError) -> Image {
        let size = try Size(width: width, height: height).validated(for: "test pattern")
        let redSpan = max(width - 1, 1), greenSpan = max(height - 1, 1), blueSpan = max(width + height - 2, 1)
        let channelHashes = (0..<3).map { UInt32(truncatingIfNeeded: $0 &* 83492791) }
        @inline(__always) func value(_ smooth: Int, _ hash: UInt32) -> UInt8 {
            UInt8(clamping: smooth + Int(((hash &* 2654435761) >> 24) & 63) - 32)
        }
        return Image.filling(size) { output in
            var i = 0
            for y in 0..<height {
                let yHash = UInt32(truncatingIfNeeded: y &* 19349663)
                let green = y * 255 / greenSpan
                for x in 0..<width {
                    let xyHash = UInt32(truncatingIfNeeded: x &* 73856093) ^ yHash
                    output[i] = value(x * 255 / redSpan, xyHash ^ channelHashes[0])
                    output[i + 1] = value(green, xyHash ^ channelHashes[1])
                    output[i + 2] = value((x + y) * 255 / blueSpan, xyHash ^ channelHashes[2])
                    i += 3
                }
            }
        }
    }
}
