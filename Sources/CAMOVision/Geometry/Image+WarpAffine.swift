extension Image {
    /// The image carried by `matrix` (source → destination, as `cv2.warpAffine` takes it) onto a
    /// canvas of `size`, sampled bilinearly; positions outside the source read `border`.
    ///
    /// Reproduces OpenCV 5's 8-bit `warpAffine` (`warp_kernels.simd.hpp`, which replaced the
    /// older `INTER_BITS = 5` fixed-point remap): the inverse map is evaluated in single
    /// precision with fused multiply-adds and the taps are blended in single precision.
    public func warpedAffine(
        _ matrix: AffineTransform, to size: Size, border: Border = .constant(.black)
    ) throws(ImageError) -> Image {
        let target = try size.validated(for: "warpAffine")
        let inverse = try matrix.inverted()
        let fill: [Float]
        let replicate: Bool
        switch border {
        case let .constant(colour):
            fill = [Float(colour.red), Float(colour.green), Float(colour.blue)]
            replicate = false
        case .replicate:
            fill = [0, 0, 0]
            replicate = true
        }
        let sourceWidth = width, sourceHeight = height
        // The matrix in single precision; each row's offset is a plain (unfused) multiply-add and
        // each pixel's position a fused one, which is what makes the sampled positions, and so
        // the output, agree with OpenCV bit for bit.
        let (m0, m1, m2) = (Float(inverse.a), Float(inverse.b), Float(inverse.c))
        let (m3, m4, m5) = (Float(inverse.d), Float(inverse.e), Float(inverse.f))
        // Positions further out than this are outside the image whatever their fraction; clamping
        // keeps the integer conversion defined for any finite matrix.
        let limit: Float = 268_435_456
        return pixels.withUnsafeBufferPointer { input in
            Image.filling(target) { output in
                @inline(__always) func sample(_ x: Int, _ y: Int, _ channel: Int) -> Float {
                    if x >= 0, x < sourceWidth, y >= 0, y < sourceHeight {
                        return Float(input[(y * sourceWidth + x) * 3 + channel])
                    }
                    if replicate {
                        let cx = min(max(x, 0), sourceWidth - 1), cy = min(max(y, 0), sourceHeight - 1)
                        return Float(input[(cy * sourceWidth + cx) * 3 + channel])
                    }
                    return fill[channel]
                }
                for y in 0..<target.height {
                    let rowX = m1 * Float(y) + m2
                    let rowY = m4 * Float(y) + m5
                    for x in 0..<target.width {
                        let d = (y * target.width + x) * 3
                        let sx = min(max(rowX.addingProduct(m0, Float(x)), -limit), limit)
                        let sy = min(max(rowY.addingProduct(m3, Float(x)), -limit), limit)
                        let ix = Int(sx.rounded(.down)), iy = Int(sy.rounded(.down))
                        let alpha = sx - Float(ix), beta = sy - Float(iy)
                        let inside = ix >= 0 && ix < sourceWidth - 1 && iy >= 0 && iy < sourceHeight - 1
                        if !inside, !replicate, ix + 1 < 0 || ix >= sourceWidth || iy + 1 < 0 || iy >= sourceHeight {
                            output[d] = UInt8(fill[0])
                            output[d + 1] = UInt8(fill[1])
                            output[d + 2] = UInt8(fill[2])
                            continue
                        }
                        for c in 0..<3 {
                            let p00: Float, p01: Float, p10: Float, p11: Float
                            if inside {
                                let s = (iy * sourceWidth + ix) * 3 + c
                                let below = s + sourceWidth * 3
                                (p00, p01) = (Float(input[s]), Float(input[s + 3]))
                                (p10, p11) = (Float(input[below]), Float(input[below + 3]))
                            } else {
                                (p00, p01) = (sample(ix, iy, c), sample(ix + 1, iy, c))
                                (p10, p11) = (sample(ix, iy + 1, c), sample(ix + 1, iy + 1, c))
                            }
                            let top = p00.addingProduct(alpha, p01 - p00)
                            let bottom = p10.addingProduct(alpha, p11 - p10)
                            output[d + c] = roundedByte(top.addingProduct(beta, bottom - top))
                        }
                    }
                }
            }
        }
    }
}
