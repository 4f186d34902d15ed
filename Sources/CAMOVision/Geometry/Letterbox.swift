/// Where a letterboxed image sits on its canvas.
public enum LetterboxPlacement: String, Sendable, Hashable {
    /// At the top-left corner, padding right and below (YuNet, YOLOX).
    case topLeft
    /// Centred, the odd padding pixel going right and below (YOLOv5/v8 style).
    case centre
}

/// How the scaled size `side · r` becomes whole pixels.
public enum LetterboxRounding: String, Sendable, Hashable {
    /// `round(side · r)` with halves to even, as Python's `round` (YuNet, YOLOv5).
    case nearest
    /// `int(side · r)`, as YOLOX's `preproc` does.
    case truncate
}

/// How letterbox coordinates relate to source pixels: `letterbox = source · scale + offset`.
///
/// `scale` is the ratio `r = min(W/w, H/h)` itself, not the slightly different ratio of the
/// rounded sizes, because that is what detector post-processing divides by.
public struct LetterboxMapping: Sendable, Hashable {
    public let scale: Double
    public let offsetX: Double
    public let offsetY: Double
    /// The size the source was resized to before padding.
    public let resizedSize: Size

    public func sourcePoint(fromLetterbox point: Point) -> Point {
        Point(x: (point.x - offsetX) / scale, y: (point.y - offsetY) / scale)
    }

    public func letterboxPoint(fromSource point: Point) -> Point {
        Point(x: point.x * scale + offsetX, y: point.y * scale + offsetY)
    }

    public func sourceBox(fromLetterbox box: Box) -> Box {
        let low = sourcePoint(fromLetterbox: Point(x: box.minX, y: box.minY))
        let high = sourcePoint(fromLetterbox: Point(x: box.maxX, y: box.maxY))
        return Box(minX: low.x, minY: low.y, maxX: high.x, maxY: high.y)
    }

    public func letterboxBox(fromSource box: Box) -> Box {
        let low = letterboxPoint(fromSource: Point(x: box.minX, y: box.minY))
        let high = letterboxPoint(fromSource: Point(x: box.maxX, y: box.maxY))
        return Box(minX: low.x, minY: low.y, maxX: high.x, maxY: high.y)
    }

    /// As a transform from source to letterbox coordinates.
    public var transform: AffineTransform {
        AffineTransform(a: scale, b: 0, c: offsetX, d: 0, e: scale, f: offsetY)
    }
}

/// A letterboxed image and the way back to the source's pixels.
public struct Letterbox: Sendable, Equatable {
    public let image: Image
    public let mapping: LetterboxMapping
}

extension Image {
    /// The image scaled by `r = min(W/w, H/h)` to fit `size` without distortion, then padded with
    /// `padValue` to exactly `size`.
    public func letterboxed(
        to size: Size, padValue: Colour = .letterboxGrey, placement: LetterboxPlacement = .topLeft,
        method: ResizeMethod = .bilinear, rounding: LetterboxRounding = .nearest
    ) throws(ImageError) -> Letterbox {
        let canvas = try size.validated(for: "letterbox")
        let ratio = min(Double(canvas.width) / Double(width), Double(canvas.height) / Double(height))
        func scaled(_ side: Int, limit: Int) -> Int {
            let exact = Double(side) * ratio
            let whole = exact.rounded(rounding == .nearest ? .toNearestOrEven : .towardZero)
            return min(max(Int(whole), 1), limit)
        }
        let resized = Size(width: scaled(width, limit: canvas.width), height: scaled(height, limit: canvas.height))
        let left = placement == .centre ? (canvas.width - resized.width) / 2 : 0
        let top = placement == .centre ? (canvas.height - resized.height) / 2 : 0
        let content = try self.resized(to: resized, method: method)
        let padded = try content.padded(
            top: top, left: left, bottom: canvas.height - resized.height - top,
            right: canvas.width - resized.width - left, value: padValue)
        return Letterbox(
            image: padded,
            mapping: LetterboxMapping(scale: ratio, offsetX: Double(left), offsetY: Double(top), resizedSize: resized))
    }
}
