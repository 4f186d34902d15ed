extension Image {
    /// The pixels inside `rect`.
    ///
    /// Rule for rectangles that reach outside the image: with `clipping` false (the default) they
    /// are refused, because a crop that silently shrinks hides a wrong box; with `clipping` true
    /// the rectangle is first intersected with the image, and only an empty overlap is refused.
    public func cropped(to rect: Rect, clipping: Bool = false) throws(ImageError) -> Image {
        let bounds = Rect(size: size)
        guard rect.width > 0, rect.height > 0 else {
            throw .invalidArgument("crop: rectangle \(rect) is empty")
        }
        let region: Rect
        if bounds.contains(rect) {
            region = rect
        } else if clipping {
            region = bounds.intersection(rect)
            guard !region.isEmpty else {
                throw .invalidArgument("crop: rectangle \(rect) does not overlap the \(size) image")
            }
        } else {
            throw .invalidArgument("crop: rectangle \(rect) reaches outside the \(size) image")
        }
        let rowBytes = region.width * Self.channels
        return pixels.withUnsafeBufferPointer { source in
            Image.filling(region.size) { destination in
                for row in 0..<region.height {
                    let from = ((region.y + row) * width + region.x) * Self.channels
                    let to = row * rowBytes
                    for i in 0..<rowBytes { destination[to + i] = source[from + i] }
                }
            }
        }
    }

    /// The image inside a frame of `value`, `top` rows above, `left` columns before, and so on.
    public func padded(
        top: Int, left: Int, bottom: Int, right: Int, value: Colour = .black
    ) throws(ImageError) -> Image {
        guard top >= 0, left >= 0, bottom >= 0, right >= 0 else {
            throw .invalidArgument("pad: amounts must not be negative (top \(top), left \(left), bottom \(bottom), right \(right))")
        }
        let (paddedWidth, wideOverflow) = width.addingReportingOverflow(left &+ right)
        let (paddedHeight, tallOverflow) = height.addingReportingOverflow(top &+ bottom)
        guard !wideOverflow, !tallOverflow, left <= Self.maximumDimension, right <= Self.maximumDimension,
              top <= Self.maximumDimension, bottom <= Self.maximumDimension
        else {
            throw .invalidArgument("pad: amounts are too large")
        }
        let outputSize = try Size(width: paddedWidth, height: paddedHeight).validated(for: "pad")
        let rowBytes = width * Self.channels
        return pixels.withUnsafeBufferPointer { source in
            Image.filling(outputSize) { destination in
                var i = 0
                while i < destination.count {
                    destination[i] = value.red
                    destination[i + 1] = value.green
                    destination[i + 2] = value.blue
                    i += 3
                }
                for row in 0..<height {
                    let to = ((row + top) * paddedWidth + left) * Self.channels
                    let from = row * rowBytes
                    for j in 0..<rowBytes { destination[to + j] = source[from + j] }
                }
            }
        }
    }
}
