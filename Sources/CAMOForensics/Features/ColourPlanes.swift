import CAMOVision

/// One rectangular view of an image split into integer R, G, B planes, which the residual filters work on exactly.
struct ColourPlanes: Sendable {
    let width: Int
    let height: Int
    /// `[R, G, B]`, each `width × height` row-major.
    let channels: [[Int32]]

    init(_ image: Image, x0: Int, y0: Int, width: Int, height: Int) {
        self.width = width
        self.height = height
        var r = [Int32](repeating: 0, count: width * height), g = r, b = r
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                var source = ((y0 + y) * image.width + x0) * 3
                for x in 0..<width {
                    let i = y * width + x
                    r[i] = Int32(pixels[source]); g[i] = Int32(pixels[source + 1]); b[i] = Int32(pixels[source + 2])
                    source += 3
                }
            }
        }
        channels = [r, g, b]
    }

    init(_ image: Image) {
        self.init(image, x0: 0, y0: 0, width: image.width, height: image.height)
    }

    /// Luma times 1000 (`299·R + 587·G + 114·B`), integral so that block variances compare exactly.
    var scaledLuma: [Int64] {
        (0..<(width * height)).map { 299 * Int64(channels[0][$0]) + 587 * Int64(channels[1][$0]) + 114 * Int64(channels[2][$0]) }
    }

    /// The views the image features pool: the centre crop, then the tiles (see `ForensicFeatureOptions`).
    static func views(of image: Image, options: ForensicFeatureOptions) -> [ColourPlanes] {
        let side = min(options.analysisSide, image.width, image.height)
        var views = [ColourPlanes(image, x0: (image.width - side) / 2, y0: (image.height - side) / 2, width: side, height: side)]
        let grid = options.tileGrid
        guard grid >= 2, image.width / grid >= side, image.height / grid >= side else { return views }
        for row in 0..<grid {
            for column in 0..<grid {
                let cellX = column * image.width / grid, cellWidth = (column + 1) * image.width / grid - cellX
                let cellY = row * image.height / grid, cellHeight = (row + 1) * image.height / grid - cellY
                views.append(ColourPlanes(
                    image, x0: cellX + (cellWidth - side) / 2, y0: cellY + (cellHeight - side) / 2, width: side, height: side))
            }
        }
        return views
    }
}
