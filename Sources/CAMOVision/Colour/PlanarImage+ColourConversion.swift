/// OpenCV's single-precision BT.601 conversions (`cv2.cvtColor` on `float32` arrays). OpenCV
/// assumes float colour in 0…1 and centres chroma on 0.5; these do the same, so feed them
/// `PlanarImage(image)` divided by 255, or use the 8-bit conversions on `Image` and wrap the
/// result in `PlanarImage` when the 0…255 planes are wanted (as watermark readers do).
///
/// OpenCV's x86 builds evaluate these with fused multiply-adds, in the order used below, so the
/// results agree with `cv2.cvtColor` to the last bit on almost every pixel.
extension PlanarImage {
    private static let chromaCentre: Float = 0.5

    /// `COLOR_RGB2YCrCb` on float: planes R, G, B in, Y, Cr, Cb out.
    public func convertedToYCrCb() throws(ImageError) -> PlanarImage {
        try mappingPixels("convertedToYCrCb") { r, g, b in
            let y = Self.luma(r, g, b)
            return (y, Self.chromaCentre.addingProduct(r - y, 0.713), Self.chromaCentre.addingProduct(b - y, 0.564))
        }
    }

    /// `COLOR_YCrCb2RGB` on float: planes Y, Cr, Cb in, R, G, B out.
    public func convertedFromYCrCb() throws(ImageError) -> PlanarImage {
        try mappingPixels("convertedFromYCrCb") { y, cr, cb in
            let cr = cr - Self.chromaCentre, cb = cb - Self.chromaCentre
            return (y.addingProduct(cr, 1.403), y.addingProduct(cb, -0.344).addingProduct(cr, -0.714), y.addingProduct(cb, 1.773))
        }
    }

    /// `COLOR_RGB2YUV` on float: planes R, G, B in, Y, U, V out.
    public func convertedToYUV() throws(ImageError) -> PlanarImage {
        try mappingPixels("convertedToYUV") { r, g, b in
            let y = Self.luma(r, g, b)
            return (y, Self.chromaCentre.addingProduct(b - y, 0.492), Self.chromaCentre.addingProduct(r - y, 0.877))
        }
    }

    /// `COLOR_YUV2RGB` on float: planes Y, U, V in, R, G, B out.
    public func convertedFromYUV() throws(ImageError) -> PlanarImage {
        try mappingPixels("convertedFromYUV") { y, u, v in
            let u = u - Self.chromaCentre, v = v - Self.chromaCentre
            return (y.addingProduct(v, 1.140), y.addingProduct(u, -0.395).addingProduct(v, -0.581), y.addingProduct(u, 2.032))
        }
    }

    @inline(__always) private static func luma(_ r: Float, _ g: Float, _ b: Float) -> Float {
        (b * 0.114).addingProduct(g, 0.587).addingProduct(r, 0.299)
    }

    private func mappingPixels(
        _ operation: String, _ transform: (Float, Float, Float) -> (Float, Float, Float)
    ) throws(ImageError) -> PlanarImage {
        guard channels == 3 else {
            throw .invalidArgument("\(operation): needs 3 planes, this image has \(channels)")
        }
        let area = width * height
        var result = self
        planes.withUnsafeBufferPointer { input in
            result.planes.withUnsafeMutableBufferPointer { output in
                for i in 0..<area {
                    let (a, b, c) = transform(input[i], input[area + i], input[2 * area + i])
                    output[i] = a
                    output[area + i] = b
                    output[2 * area + i] = c
                }
            }
        }
        return result
    }
}
