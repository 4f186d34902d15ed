import CAMOGate
import CAMOVision

/// A part of an image a pixel expert judges: the whole image, an aligned face, an object's box or a tile.
struct ImageRegion {
    /// `image`, `face`, `object:<class>` or `tile`.
    var kind: String
    /// Where it lies in the image (for an aligned face, the face's box).
    var box: Box
    var image: Image

    /// The regions `crop` names in the image of `context`: object boxes only of `objectClasses` when given, at most
    /// `maximumTiles` tiles of `tileSize` pixels a side, centre first.
    static func regions(
        _ crop: ONNXClassifierOptions.CropSource, in context: ImageContext, objectClasses: [String]? = nil,
        tileSize: Int = 256, maximumTiles: Int = 16
    ) async throws -> [ImageRegion] {
        let image = context.image
        let whole = Box(minX: 0, minY: 0, maxX: Double(image.width), maxY: Double(image.height))
        switch crop {
        case .wholeImage:
            return [ImageRegion(kind: "image", box: whole, image: image)]
        case .alignedFaces:
            let gate = try await context.gateDecision()
            return zip(gate.faces, gate.alignedFaces).map { face, aligned in
                ImageRegion(kind: "face", box: face.box, image: aligned.image)
            }
        case .objectBoxes:
            let gate = try await context.gateDecision()
            return try gate.objects
                .filter { objectClasses?.contains($0.className) ?? true }
                .compactMap { object in
                    let box = object.box.clamped(width: Double(image.width), height: Double(image.height))
                    let rect = Rect(x: Int(box.minX), y: Int(box.minY), width: Int(box.width.rounded(.up)),
                                    height: Int(box.height.rounded(.up)))
                    guard rect.width >= 2, rect.height >= 2 else { return nil }
                    return ImageRegion(kind: "object:\(object.className)", box: box, image: try image.cropped(to: rect, clipping: true))
                }
        case .tiles:
            let side = tileSize
            guard image.width >= side, image.height >= side else {
                return [ImageRegion(kind: "tile", box: whole, image: image)]
            }
            let columns = image.width / side
            let rows = image.height / side
            // Centre tiles first, so a cap keeps the middle of the picture.
            let middle = (row: Double(rows - 1) / 2, column: Double(columns - 1) / 2)
            func distance(_ cell: (row: Int, column: Int)) -> Double {
                abs(Double(cell.row) - middle.row) + abs(Double(cell.column) - middle.column)
            }
            let cells: [(row: Int, column: Int)] = (0..<(rows * columns))
                .map { (row: $0 / columns, column: $0 % columns) }
                .sorted { distance($0) < distance($1) }
            return try cells.prefix(maximumTiles).map { row, column in
                let rect = Rect(x: column * side, y: row * side, width: side, height: side)
                let box = Box(minX: Double(rect.x), minY: Double(rect.y), maxX: Double(rect.maxX), maxY: Double(rect.maxY))
                return ImageRegion(kind: "tile", box: box, image: try image.cropped(to: rect))
            }
        }
    }
}
