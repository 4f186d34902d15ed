import CAMOVision

/// dlib's ensemble-of-regression-trees cascade (Kazemi & Sullivan 2014) as
/// `dlib::shape_predictor` evaluates it, with its parameters in flat arrays.
///
/// Shapes are in the face box's unit square: (0, 0) is the box's top-left corner and (1, 1)
/// its bottom-right one. Each level samples a set of pixels placed relative to the current
/// shape, walks its trees on differences of those pixels' intensities and adds every reached
/// leaf's shape offset.
struct RegressionCascade: Sendable {
    /// An internal tree node: go left when `intensity[first] - intensity[second] > threshold`.
    struct Split: Sendable {
        var first: Int32
        var second: Int32
        var threshold: Float
    }

    /// A complete binary tree: `splitCount` nodes in breadth-first order from `firstSplit`,
    /// then `splitCount + 1` leaves from `firstLeaf`.
    struct Tree: Sendable {
        var firstSplit: Int
        var splitCount: Int
        var firstLeaf: Int
    }

    struct Level: Sendable {
        /// For each sampled pixel, the shape point it moves with.
        var anchors: [Int32]
        /// For each sampled pixel, its (dx, dy) offset from that anchor in the mean shape.
        var deltas: [Float]
        var trees: Range<Int>
    }

    /// The mean shape: x0, y0, x1, y1, …
    let initialShape: [Float]
    let levels: [Level]
    let trees: [Tree]
    let splits: [Split]
    /// Leaf `k`'s shape offset is `leafValues[k * initialShape.count ..< (k + 1) * initialShape.count]`.
    let leafValues: LeafTable
    /// The mean shape's own part of the similarity fit, which every level repeats.
    private let meanShapeStatistics: MeanShapeStatistics

    init(initialShape: [Float], levels: [Level], trees: [Tree], splits: [Split], leafValues: LeafTable) {
        self.initialShape = initialShape
        self.levels = levels
        self.trees = trees
        self.splits = splits
        self.leafValues = leafValues
        self.meanShapeStatistics = MeanShapeStatistics(initialShape)
    }

    var partCount: Int { initialShape.count / 2 }

    /// The shape for `face` in `image`, in image pixels, unrounded.
    func predict(in image: Image, face: FaceRectangle) -> [Point] {
        let toImage = UnitSquareToImage(face)
        let shapeLength = initialShape.count
        var shape = initialShape
        var intensities = [Float](repeating: 0, count: levels.map(\.anchors.count).max() ?? 0)
        var reachedLeaves = [Int](repeating: 0, count: levels.map(\.trees.count).max() ?? 0)

        image.pixels.withUnsafeBufferPointer { pixels in
            splits.withUnsafeBufferPointer { splits in
                leafValues.withUnsafeBufferPointer { leafValues in
                    shape.withUnsafeMutableBufferPointer { shape in
                        intensities.withUnsafeMutableBufferPointer { intensities in
                            reachedLeaves.withUnsafeMutableBufferPointer { reachedLeaves in
                                for level in levels {
                                    let tform = meanShapeStatistics.similarity(to: UnsafeBufferPointer(shape))
                                    sampleIntensities(level: level, shape: UnsafeBufferPointer(shape), tform: tform,
                                                      toImage: toImage, image: image, pixels: pixels, into: intensities)
                                    // The trees of a level read only the intensities, so all walks come
                                    // first and the leaf sums after, which lets the loads overlap.
                                    for (slot, tree) in trees[level.trees].enumerated() {
                                        var node = 0
                                        while node < tree.splitCount {
                                            let split = splits[tree.firstSplit + node]
                                            let difference = intensities[Int(split.first)] - intensities[Int(split.second)]
                                            node = difference > split.threshold ? 2 * node + 1 : 2 * node + 2
                                        }
                                        reachedLeaves[slot] = (tree.firstLeaf + node - tree.splitCount) * shapeLength
                                    }
                                    Self.add(leavesAt: UnsafeBufferPointer(rebasing: reachedLeaves[..<level.trees.count]),
                                             of: leafValues, to: shape)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<partCount).map { toImage.apply(x: shape[2 * $0], y: shape[2 * $0 + 1]) }
    }

    /// `shape += leaf` for each leaf in turn: the cascade's hot loop. Eight coordinates at a
    /// time, all leaves per group of eight, so the many independent loads overlap; each
    /// coordinate still receives its leaves in dlib's order, so the sums are bit-identical.
    private static func add(
        leavesAt starts: UnsafeBufferPointer<Int>, of leafValues: UnsafeBufferPointer<Float>,
        to shape: UnsafeMutableBufferPointer<Float>
    ) {
        guard let values = leafValues.baseAddress, let target = shape.baseAddress else { return }
        let length = shape.count
        // Parsing guarantees every leaf start + length is within leafValues.
        let raw = UnsafeRawPointer(values)
        var k = 0
        while k + 8 <= length {
            var sum = UnsafeRawPointer(target + k).loadUnaligned(as: SIMD8<Float>.self)
            for start in starts {
                sum += raw.loadUnaligned(fromByteOffset: (start + k) * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
            }
            UnsafeMutableRawPointer(target + k).storeBytes(of: sum, as: SIMD8<Float>.self)
            k += 8
        }
        while k < length {
            for start in starts {
                target[k] += values[start + k]
            }
            k += 1
        }
    }

    /// `extract_feature_pixel_values`: the grey level under each of the level's sampled pixels,
    /// 0 outside the image. Float arithmetic where dlib uses `float`, so the pixel chosen is the
    /// same one dlib chooses.
    private func sampleIntensities(
        level: Level, shape: UnsafeBufferPointer<Float>, tform: ShapeSimilarity, toImage: UnitSquareToImage,
        image: Image, pixels: UnsafeBufferPointer<UInt8>, into intensities: UnsafeMutableBufferPointer<Float>
    ) {
        let width = Double(image.width)
        let height = Double(image.height)
        level.anchors.withUnsafeBufferPointer { anchors in
            level.deltas.withUnsafeBufferPointer { deltas in
                for i in 0..<anchors.count {
                    let dx = deltas[2 * i]
                    let dy = deltas[2 * i + 1]
                    let anchor = Int(anchors[i])
                    let u = (tform.m00 * dx + tform.m01 * dy) + shape[2 * anchor]
                    let v = (tform.m10 * dx + tform.m11 * dy) + shape[2 * anchor + 1]
                    let point = toImage.apply(x: u, y: v)
                    // dlib rounds to the nearest pixel (halves up), then tests it against the image.
                    let column = (point.x + 0.5).rounded(.down)
                    let row = (point.y + 0.5).rounded(.down)
                    if column >= 0, column < width, row >= 0, row < height {
                        let index = (Int(row) * image.width + Int(column)) * Image.channels
                        let sum = Int(pixels[index]) + Int(pixels[index + 1]) + Int(pixels[index + 2])
                        intensities[i] = Float(sum / 3)
                    } else {
                        intensities[i] = 0
                    }
                }
            }
        }
    }
}

/// dlib's `unnormalizing_tform`: the unit square onto the face box's corner pixels.
private struct UnitSquareToImage {
    let scaleX: Double
    let scaleY: Double
    let left: Double
    let top: Double

    init(_ face: FaceRectangle) {
        scaleX = Double(face.right) - Double(face.left)
        scaleY = Double(face.bottom) - Double(face.top)
        left = Double(face.left)
        top = Double(face.top)
    }

    func apply(x: Float, y: Float) -> Point {
        Point(x: scaleX * Double(x) + left, y: scaleY * Double(y) + top)
    }
}
