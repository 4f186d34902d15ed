import Foundation

extension Image {
    /// Mirrored left to right (`cv2.flip(image, 1)`).
    public func flippedHorizontally() -> Image {
        remapped(to: size) { x, y in (width - 1 - x, y) }
    }

    /// Mirrored top to bottom (`cv2.flip(image, 0)`).
    public func flippedVertically() -> Image {
        remapped(to: size) { x, y in (x, height - 1 - y) }
    }

    /// Turned a quarter, exactly (`cv2.rotate` with `ROTATE_90_CLOCKWISE` or `ROTATE_90_COUNTERCLOCKWISE`).
    public func rotated90(clockwise: Bool = true) -> Image {
        let turned = Size(width: height, height: width)
        if clockwise {
            return remapped(to: turned) { x, y in (y, height - 1 - x) }
        }
        return remapped(to: turned) { x, y in (width - 1 - y, x) }
    }

    /// Turned half a turn, exactly (`cv2.rotate` with `ROTATE_180`).
    public func rotated180() -> Image {
        remapped(to: size) { x, y in (width - 1 - x, height - 1 - y) }
    }

    /// Rotated by `degrees` counter-clockwise as seen on screen about the image centre
    /// `((width − 1) / 2, (height − 1) / 2)`, as `cv2.getRotationMatrix2D` followed by
    /// `cv2.warpAffine` (bilinear). Without `expand` the canvas keeps its size and the corners are
    /// cut; with `expand` it grows to `round(h·|sin| + w·|cos|) × round(w·|sin| + h·|cos|)` (halves
    /// rounded up) and the rotated image is centred on it.
    public func rotated(byDegrees degrees: Double, expand: Bool = false, border: Border = .constant(.black)) throws(ImageError) -> Image {
        guard degrees.isFinite else {
            throw .invalidArgument("rotate: angle \(degrees) is not finite")
        }
        let centre = Point(x: Double(width - 1) / 2, y: Double(height - 1) / 2)
        var matrix = AffineTransform.rotation(degrees: degrees, about: centre)
        var canvas = size
        if expand {
            let cosine = abs(matrix.a), sine = abs(matrix.b)
            canvas = Size(
                width: max(1, Int((Double(height) * sine + Double(width) * cosine).rounded())),
                height: max(1, Int((Double(width) * sine + Double(height) * cosine).rounded())))
            matrix.c += Double(canvas.width - 1) / 2 - centre.x
            matrix.f += Double(canvas.height - 1) / 2 - centre.y
        }
        return try warpedAffine(matrix, to: canvas, border: border)
    }

    /// Builds an image of `target` size whose pixel (x, y) is this image's pixel `source(x, y)`.
    private func remapped(to target: Size, _ source: (Int, Int) -> (Int, Int)) -> Image {
        pixels.withUnsafeBufferPointer { input in
            Image.filling(target) { output in
                for y in 0..<target.height {
                    for x in 0..<target.width {
                        let (sx, sy) = source(x, y)
                        let s = (sy * width + sx) * 3, d = (y * target.width + x) * 3
                        output[d] = input[s]
                        output[d + 1] = input[s + 1]
                        output[d + 2] = input[s + 2]
                    }
                }
            }
        }
    }
}
