/// Model inputs: one pass over the bytes through a 768-entry lookup table.
extension Image {
    /// The image as CHW floats (one NCHW batch item): all of the first channel in `order`, then
    /// the second, then the third, each value `(v · scale − mean[c]) / std[c]`.
    public func planarFloats(
        order: ChannelOrder = .rgb, scale: Float = 1, mean: [Float] = [0, 0, 0], std: [Float] = [1, 1, 1]
    ) throws(ImageError) -> [Float] {
        planarFloats(order: order, normalization: try TensorNormalization(scale: scale, mean: mean, std: std))
    }

    public func planarFloats(order: ChannelOrder = .rgb, normalization: TensorNormalization) -> [Float] {
        let count = pixels.count
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer, order: order, normalization: normalization, planar: true)
            initialized = count
        }
    }

    /// The image as HWC floats (one NHWC batch item), normalised as `planarFloats`.
    public func interleavedFloats(order: ChannelOrder = .rgb, normalization: TensorNormalization) -> [Float] {
        let count = pixels.count
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer, order: order, normalization: normalization, planar: false)
            initialized = count
        }
    }

    /// Writes CHW (`planar`) or HWC floats into `buffer`, which must hold exactly `width × height × 3`
    /// values — so batches can be assembled in place, one slice per image.
    public func writeFloats(
        into buffer: UnsafeMutableBufferPointer<Float>, order: ChannelOrder, normalization: TensorNormalization, planar: Bool
    ) throws(ImageError) {
        guard buffer.count == pixels.count else {
            throw .bufferSizeMismatch(expected: pixels.count, actual: buffer.count)
        }
        fill(buffer, order: order, normalization: normalization, planar: planar)
    }

    private func fill(
        _ buffer: UnsafeMutableBufferPointer<Float>, order: ChannelOrder, normalization: TensorNormalization, planar: Bool
    ) {
        let table = normalization.lookupTable()
        let area = width * height
        // Source channel feeding tensor slot 0 and 2 (slot 1 is always green).
        let first = order == .rgb ? 0 : 2, last = 2 - first
        pixels.withUnsafeBufferPointer { input in
            table.withUnsafeBufferPointer { table in
                if planar {
                    for i in 0..<area {
                        buffer[i] = table[Int(input[3 * i + first])]
                        buffer[area + i] = table[256 + Int(input[3 * i + 1])]
                        buffer[2 * area + i] = table[512 + Int(input[3 * i + last])]
                    }
                } else {
                    for i in 0..<area {
                        buffer[3 * i] = table[Int(input[3 * i + first])]
                        buffer[3 * i + 1] = table[256 + Int(input[3 * i + 1])]
                        buffer[3 * i + 2] = table[512 + Int(input[3 * i + last])]
                    }
                }
            }
        }
    }

    /// Undoes `planarFloats` (CHW) or `interleavedFloats` (HWC): each value becomes
    /// `(x · std[c] + mean[c]) / scale`, clamped to 0…255 and rounded half to even, as
    /// `np.clip(x, 0, 255).round().astype(np.uint8)` does; NaN becomes 0.
    public init(
        floats: [Float], width: Int, height: Int, planar: Bool = true,
        order: ChannelOrder = .rgb, normalization: TensorNormalization
    ) throws(ImageError) {
        let outputSize = try Size(width: width, height: height).validated(for: "image from floats")
        let area = outputSize.width * outputSize.height
        guard floats.count == area * 3 else {
            throw .bufferSizeMismatch(expected: area * 3, actual: floats.count)
        }
        let first = order == .rgb ? 0 : 2, last = 2 - first
        self = floats.withUnsafeBufferPointer { input in
            Image.filling(outputSize) { output in
                for i in 0..<area {
                    let (i0, i1, i2) = planar ? (i, area + i, 2 * area + i) : (3 * i, 3 * i + 1, 3 * i + 2)
                    output[3 * i + first] = roundedByte(normalization.denormalised(input[i0], slot: 0))
                    output[3 * i + 1] = roundedByte(normalization.denormalised(input[i1], slot: 1))
                    output[3 * i + last] = roundedByte(normalization.denormalised(input[i2], slot: 2))
                }
            }
        }
    }
}
