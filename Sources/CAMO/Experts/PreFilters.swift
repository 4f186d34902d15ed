/// Fixed residual filters some detectors were trained on, applied in place to one CHW float image.
enum PreFilters {
    static func apply(_ filter: ONNXClassifierOptions.PreFilter, to planes: UnsafeMutableBufferPointer<Float>, width: Int, height: Int) {
        let plane = width * height
        switch filter {
        case .none:
            return
        case .npr:
            // x[i, j] − x[2⌊i/2⌋, 2⌊j/2⌋]: rows and columns are visited bottom-right first so each anchor is read before it is zeroed.
            for c in 0..<3 {
                let base = c * plane
                for y in stride(from: height - 1, through: 0, by: -1) {
                    for x in stride(from: width - 1, through: 0, by: -1) {
                        planes[base + y * width + x] -= planes[base + (y & ~1) * width + (x & ~1)]
                    }
                }
            }
        case .rightDiagonal:
            // x[i, j] − x[i + 1, j + 1], zero beyond the edges; forward order reads neighbours before they change.
            for c in 0..<3 {
                let base = c * plane
                for y in 0..<height {
                    for x in 0..<width {
                        let neighbour = (y + 1 < height && x + 1 < width) ? planes[base + (y + 1) * width + x + 1] : 0
                        planes[base + y * width + x] -= neighbour
                    }
                }
            }
        }
    }
}
