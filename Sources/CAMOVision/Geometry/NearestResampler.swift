/// Nearest-neighbour resampling: a table of source columns and rows, then copies.
struct NearestResampler {
    let source: Size
    let target: Size
    let columns: [Int]
    let rows: [Int]

    init(source: Size, target: Size, exact: Bool) {
        self.source = source
        self.target = target
        if exact {
            columns = Self.centreSampled(source: source.width, target: target.width)
            rows = Self.centreSampled(source: source.height, target: target.height)
        } else {
            columns = Self.floorSampled(source: source.width, target: target.width)
            rows = Self.floorSampled(source: source.height, target: target.height)
        }
    }

    /// OpenCV `resizeNN`: `floor(i / (target / source))` in double precision.
    private static func floorSampled(source: Int, target: Int) -> [Int] {
        let inverseScale = 1 / (Double(target) / Double(source))
        return (0..<target).map { min(Int((Double($0) * inverseScale).rounded(.down)), source - 1) }
    }

    /// Pillow's `ImagingScaleAffine`, which OpenCV's 8-bit `INTER_NEAREST_EXACT` agrees with: the
    /// position starts at half a step and accumulates the step in double precision, so ties fall
    /// wherever that running sum lands.
    private static func centreSampled(source: Int, target: Int) -> [Int] {
        let step = Double(source) / Double(target)
        var position = step * 0.5
        var table = [Int]()
        table.reserveCapacity(target)
        for _ in 0..<target {
            table.append(min(max(Int(position), 0), source - 1))
            position += step
        }
        return table
    }

    func resample(_ image: Image) -> Image {
        let sourceRow = source.width * 3
        let targetRow = target.width * 3
        return image.pixels.withUnsafeBufferPointer { input in
            columns.withUnsafeBufferPointer { columns in
                Image.filling(target) { output in
                    for (y, sy) in rows.enumerated() {
                        let from = sy * sourceRow
                        let to = y * targetRow
                        for x in 0..<target.width {
                            let s = from + columns[x] * 3, d = to + x * 3
                            output[d] = input[s]
                            output[d + 1] = input[s + 1]
                            output[d + 2] = input[s + 2]
                        }
                    }
                }
            }
        }
    }
}
