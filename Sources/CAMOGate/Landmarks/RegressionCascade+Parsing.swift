extension RegressionCascade {
    /// Reads a `dlib::shape_predictor` as dlib's `serialize` writes it
    /// (dlib/image_processing/shape_predictor.h, version 1): the mean shape, the forests, then
    /// each level's pixel anchors and deltas. Every count is checked against the bytes left
    /// before anything is allocated, and every index is checked against what it indexes, so
    /// the cascade can run without bounds surprises. Bytes after the model are ignored, as
    /// dlib ignores them.
    init(parsing bytes: UnsafeRawBufferPointer) throws(ShapePredictorError) {
        var reader = DlibStreamReader(bytes)
        // Smallest encodings: an integer is a control byte plus one byte, a float two integers.
        let integerBytes = 2
        let floatBytes = 2 * integerBytes

        let version = try reader.signed("version", maxBytes: 4)
        guard version == 1 else {
            throw .malformed(offset: 0, reason: "shape_predictor version \(version), expected 1")
        }

        let shapeOffset = reader.offset
        var initialShape: [Float] = []
        try Self.readColumn(&reader, expectedRows: nil, floatBytes: floatBytes, appendingTo: &initialShape)
        guard !initialShape.isEmpty, initialShape.count % 2 == 0 else {
            throw .malformed(offset: shapeOffset, reason: "the mean shape has \(initialShape.count) coordinates, expected a positive even count")
        }
        let shapeLength = initialShape.count

        let levelCount = try reader.count("number of cascade levels", minimumItemBytes: integerBytes)
        var levelTrees: [Range<Int>] = []
        var levelSplitIndexLimits: [(largest: Int, offset: Int)] = []
        var trees: [Tree] = []
        var splits: [Split] = []
        var leafValues: [Float] = []
        levelTrees.reserveCapacity(levelCount)
        for _ in 0..<levelCount {
            let treeCount = try reader.count("number of trees", minimumItemBytes: 2 * integerBytes)
            let firstTree = trees.count
            var largestIndex = (largest: -1, offset: reader.offset)
            for _ in 0..<treeCount {
                let splitCount = try reader.count("number of tree splits", minimumItemBytes: 2 * integerBytes + floatBytes)
                let tree = Tree(firstSplit: splits.count, splitCount: splitCount, firstLeaf: leafValues.count / shapeLength)
                for _ in 0..<splitCount {
                    let indexOffset = reader.offset
                    let first = try reader.unsigned("split pixel index")
                    let second = try reader.unsigned("split pixel index")
                    let threshold = try reader.float("split threshold")
                    // Checked against the level's pixel count once the deltas are read; bounding it
                    // by the file size here keeps it representable meanwhile.
                    let larger = max(first, second)
                    guard larger < UInt64(min(bytes.count, Int(Int32.max))) else {
                        throw .malformed(offset: indexOffset, reason: "split pixel index \(larger) is larger than the model")
                    }
                    if Int(larger) > largestIndex.largest { largestIndex = (Int(larger), indexOffset) }
                    splits.append(Split(first: Int32(truncatingIfNeeded: first), second: Int32(truncatingIfNeeded: second), threshold: threshold))
                }
                let leavesOffset = reader.offset
                let leafCount = try reader.count("number of tree leaves", minimumItemBytes: 2 * integerBytes + shapeLength * floatBytes)
                // dlib's trees are complete: a power of two leaves, one more than the splits.
                guard leafCount == splitCount + 1, leafCount & (leafCount - 1) == 0 else {
                    throw .malformed(offset: leavesOffset, reason: "a tree with \(splitCount) splits has \(leafCount) leaves, expected \(splitCount + 1) (a power of two)")
                }
                for _ in 0..<leafCount {
                    try Self.readColumn(&reader, expectedRows: shapeLength, floatBytes: floatBytes, appendingTo: &leafValues)
                }
                trees.append(tree)
            }
            levelTrees.append(firstTree..<trees.count)
            levelSplitIndexLimits.append(largestIndex)
        }

        let anchorsOffset = reader.offset
        let anchorLevelCount = try reader.count("number of anchor lists", minimumItemBytes: integerBytes)
        guard anchorLevelCount == levelCount else {
            throw .malformed(offset: anchorsOffset, reason: "\(anchorLevelCount) anchor lists for \(levelCount) cascade levels")
        }
        var anchors: [[Int32]] = []
        for _ in 0..<levelCount {
            let count = try reader.count("number of anchors", minimumItemBytes: integerBytes)
            var levelAnchors: [Int32] = []
            levelAnchors.reserveCapacity(count)
            for _ in 0..<count {
                let anchorOffset = reader.offset
                let anchor = try reader.unsigned("anchor point index")
                guard anchor < UInt64(shapeLength / 2) else {
                    throw .malformed(offset: anchorOffset, reason: "anchor point \(anchor) is not one of the shape's \(shapeLength / 2) points")
                }
                levelAnchors.append(Int32(anchor))
            }
            anchors.append(levelAnchors)
        }

        let deltasOffset = reader.offset
        let deltaLevelCount = try reader.count("number of delta lists", minimumItemBytes: integerBytes)
        guard deltaLevelCount == levelCount else {
            throw .malformed(offset: deltasOffset, reason: "\(deltaLevelCount) delta lists for \(levelCount) cascade levels")
        }
        var levels: [Level] = []
        levels.reserveCapacity(levelCount)
        for level in 0..<levelCount {
            let countOffset = reader.offset
            let count = try reader.count("number of deltas", minimumItemBytes: 2 * floatBytes)
            guard count == anchors[level].count else {
                throw .malformed(offset: countOffset, reason: "level \(level) has \(count) pixel deltas for \(anchors[level].count) anchors")
            }
            var deltas: [Float] = []
            deltas.reserveCapacity(2 * count)
            for _ in 0..<2 * count {
                deltas.append(try reader.float("pixel delta"))
            }
            let limit = levelSplitIndexLimits[level]
            guard limit.largest < count else {
                throw .malformed(offset: limit.offset, reason: "split pixel index \(limit.largest) in level \(level), which samples only \(count) pixels")
            }
            levels.append(Level(anchors: anchors[level], deltas: deltas, trees: levelTrees[level]))
        }

        self.init(initialShape: initialShape, levels: levels, trees: trees, splits: splits, leafValues: LeafTable(leafValues))
    }

    /// A `dlib::matrix<float,0,1>`: rows and columns (negated in dlib's newer format), then the values.
    private static func readColumn(
        _ reader: inout DlibStreamReader, expectedRows: Int?, floatBytes: Int, appendingTo values: inout [Float]
    ) throws(ShapePredictorError) {
        let start = reader.offset
        var rows = try reader.signed("matrix rows")
        var columns = try reader.signed("matrix columns")
        if rows < 0 || columns < 0 {
            rows = 0 &- rows
            columns = 0 &- columns
        }
        guard columns == 1, rows >= 0 else {
            throw .malformed(offset: start, reason: "a \(rows)×\(columns) matrix where a column vector belongs")
        }
        if let expectedRows, rows != expectedRows {
            throw .malformed(offset: start, reason: "a leaf with \(rows) values for a shape of \(expectedRows) coordinates")
        }
        guard rows <= Int64(reader.remainingByteCount / floatBytes) else {
            throw .malformed(offset: start, reason: "a \(rows)-value vector is more than the remaining \(reader.remainingByteCount) bytes can hold")
        }
        for _ in 0..<Int(rows) {
            values.append(try reader.float("matrix value"))
        }
    }
}
