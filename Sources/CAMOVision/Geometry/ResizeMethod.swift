/// How `Image.resized(to:method:)` computes each output pixel. Each case reproduces one
/// reference implementation on 8-bit RGB, because a model behaves differently when fed a
/// resize other than the one it was trained with.
public enum ResizeMethod: String, Sendable, Hashable, CaseIterable {
    /// OpenCV `INTER_NEAREST`: source pixel `floor(x · srcWidth / dstWidth)`.
    case nearest
    /// OpenCV `INTER_NEAREST_EXACT`, identical to Pillow `NEAREST`: the source pixel under the
    /// centre of each output pixel.
    case nearestExact
    /// OpenCV `INTER_LINEAR`: half-pixel centres, 11-bit fixed-point weights, no antialiasing.
    case bilinear
    /// OpenCV `INTER_AREA`: pixel-area averaging when shrinking; when enlarging OpenCV falls back
    /// to a bilinear variant, and so does this.
    case area
    /// OpenCV `INTER_LANCZOS4`: an 8×8 Lanczos window, no antialiasing.
    case lanczos
    /// Pillow `Image.resize(..., BILINEAR)`: a triangle filter widened when shrinking (antialiased).
    case pillowBilinear
    /// Pillow `Image.resize(..., BICUBIC)` (a = −0.5, antialiased).
    case pillowBicubic
    /// Pillow `Image.resize(..., LANCZOS)` (three lobes, antialiased).
    case pillowLanczos
}

extension Image {
    /// The image scaled to `size` by `method`.
    public func resized(to size: Size, method: ResizeMethod) throws(ImageError) -> Image {
        let target = try size.validated(for: "resize")
        if target == self.size { return self }
        switch method {
        case .nearest, .nearestExact:
            return NearestResampler(source: self.size, target: target, exact: method == .nearestExact).resample(self)
        case .bilinear:
            return SeparableFixedPointResampler(source: self.size, target: target, kernel: .linear).resample(self)
        case .lanczos:
            return SeparableFixedPointResampler(source: self.size, target: target, kernel: .lanczos4).resample(self)
        case .area:
            if target.width <= width, target.height <= height {
                return AreaResampler(source: self.size, target: target).resample(self)
            }
            return SeparableFixedPointResampler(source: self.size, target: target, kernel: .areaUpscale).resample(self)
        case .pillowBilinear:
            return PillowResampler(source: self.size, target: target, filter: .bilinear).resample(self)
        case .pillowBicubic:
            return PillowResampler(source: self.size, target: target, filter: .bicubic).resample(self)
        case .pillowLanczos:
            return PillowResampler(source: self.size, target: target, filter: .lanczos).resample(self)
        }
    }

    /// The image scaled by `factor` on both axes (output sides rounded, at least one pixel).
    public func resized(byFactor factor: Double, method: ResizeMethod) throws(ImageError) -> Image {
        guard factor.isFinite, factor > 0 else {
            throw .invalidArgument("resize: factor \(factor) must be positive and finite")
        }
        let scaledWidth = (Double(width) * factor).rounded(), scaledHeight = (Double(height) * factor).rounded()
        guard scaledWidth <= Double(Self.maximumDimension), scaledHeight <= Double(Self.maximumDimension) else {
            throw .invalidArgument("resize: factor \(factor) makes the \(size) image too large")
        }
        return try resized(
            to: Size(width: max(1, Int(scaledWidth)), height: max(1, Int(scaledHeight))), method: method)
    }
}
