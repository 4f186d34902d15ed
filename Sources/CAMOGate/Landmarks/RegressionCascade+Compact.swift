import Foundation

/// The cascade as flat little-endian arrays that load without parsing and whose leaf table is used
/// in place from a memory-mapped file. Parsing dlib's variable-length number encoding takes about
/// 0.3 s for the 68-point model; mapping this form takes next to nothing.
///
/// Layout: the magic `CAMOSP01`; the SHA-256 of the dlib file it was made from; then `UInt32`s:
/// coordinates per shape, levels, trees, splits, leaf floats; for each level its anchor count and
/// tree range; then the mean shape, each level's anchors (`Int32`) and deltas, the trees
/// (`Int32` × 3), the splits (`Int32`, `Int32`, `Float`), zero padding to a multiple of 16 bytes,
/// and the leaf floats.
extension RegressionCascade {
    static let compactMagic = Array("CAMOSP01".utf8)

    func compactRepresentation(sourceDigest: [UInt8]) -> Data {
        var out = Data(Self.compactMagic + sourceDigest)
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func put(_ value: Int32) { put(UInt32(bitPattern: value)) }
        func put(_ value: Float) { put(value.bitPattern) }
        for count in [initialShape.count, levels.count, trees.count, splits.count, leafValues.count] { put(UInt32(count)) }
        for level in levels {
            put(UInt32(level.anchors.count)); put(UInt32(level.trees.lowerBound)); put(UInt32(level.trees.upperBound))
        }
        initialShape.forEach(put)
        for level in levels {
            level.anchors.forEach(put)
            level.deltas.forEach(put)
        }
        for tree in trees { put(Int32(tree.firstSplit)); put(Int32(tree.splitCount)); put(Int32(tree.firstLeaf)) }
        for split in splits { put(split.first); put(split.second); put(split.threshold) }
        out.append(contentsOf: [UInt8](repeating: 0, count: (16 - out.count % 16) % 16))
        leafValues.withUnsafeBufferPointer { values in
            if UInt32(1).littleEndian == 1 {
                out.append(UnsafeBufferPointer(start: UnsafeRawPointer(values.baseAddress)?.assumingMemoryBound(to: UInt8.self),
                                               count: values.count * MemoryLayout<Float>.stride))
            } else {
                values.forEach(put)
            }
        }
        return out
    }

    /// Reads the compact form, checking that it was made from the dlib file whose digest is
    /// `sourceDigest` and that every count, range and index agrees with the rest, as parsing checks
    /// dlib's file: a cut or altered file is an error, never a wrong prediction or a crash.
    init(compact data: Data, sourceDigest: [UInt8]) throws(ShapePredictorError) {
        guard UInt32(1).littleEndian == 1 else { throw .malformed(offset: 0, reason: "the compact form is read on little-endian machines only") }
        var offset = 0
        func bytes(_ count: Int, _ what: String) throws(ShapePredictorError) -> Data {
            guard count >= 0, offset + count <= data.count else { throw .truncated(offset: offset, reading: what) }
            defer { offset += count }
            return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + count))
        }
        func words(_ count: Int, _ what: String) throws(ShapePredictorError) -> [UInt32] {
            let raw = try bytes(count * 4, what)
            return raw.withUnsafeBytes { buffer in (0..<count).map { UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) } }
        }
        func malformed(_ reason: String) -> ShapePredictorError { .malformed(offset: offset, reason: reason) }

        guard try bytes(8, "magic").elementsEqual(Self.compactMagic) else { throw .malformed(offset: 0, reason: "not a compact shape predictor") }
        guard try bytes(32, "source digest").elementsEqual(sourceDigest) else { throw .malformed(offset: 8, reason: "made from another model file") }
        let counts = try words(5, "counts").map(Int.init)
        let (shapeLength, levelCount, treeCount, splitCount, leafCount) = (counts[0], counts[1], counts[2], counts[3], counts[4])
        guard shapeLength > 0, shapeLength % 2 == 0, leafCount % shapeLength == 0, levelCount <= treeCount + 1 else { throw malformed("inconsistent counts") }
        let levelHeaders = try words(3 * levelCount, "level headers").map(Int.init)
        let initialShape = try words(shapeLength, "mean shape").map(Float.init(bitPattern:))
        var levels: [Level] = []
        var nextTree = 0
        for level in 0..<levelCount {
            let (anchorCount, firstTree, endTree) = (levelHeaders[3 * level], levelHeaders[3 * level + 1], levelHeaders[3 * level + 2])
            guard firstTree == nextTree, endTree >= firstTree, endTree <= treeCount else { throw malformed("level \(level) tree range") }
            nextTree = endTree
            let anchors = try words(anchorCount, "anchors").map { Int32(bitPattern: $0) }
            guard anchors.allSatisfy({ $0 >= 0 && Int($0) < shapeLength / 2 }) else { throw malformed("level \(level) anchors") }
            let deltas = try words(2 * anchorCount, "deltas").map(Float.init(bitPattern:))
            levels.append(Level(anchors: anchors, deltas: deltas, trees: firstTree..<endTree))
        }
        guard nextTree == treeCount else { throw malformed("levels cover \(nextTree) of \(treeCount) trees") }
        let treeWords = try words(3 * treeCount, "trees").map { Int(Int32(bitPattern: $0)) }
        let trees = (0..<treeCount).map { Tree(firstSplit: treeWords[3 * $0], splitCount: treeWords[3 * $0 + 1], firstLeaf: treeWords[3 * $0 + 2]) }
        let splitWords = try words(3 * splitCount, "splits")
        let splits = (0..<splitCount).map {
            Split(first: Int32(bitPattern: splitWords[3 * $0]), second: Int32(bitPattern: splitWords[3 * $0 + 1]),
                  threshold: Float(bitPattern: splitWords[3 * $0 + 2]))
        }
        for (index, level) in levels.enumerated() {
            for tree in trees[level.trees] {
                // Complete trees: a power of two leaves, one more than the splits, all within the tables.
                guard tree.firstSplit >= 0, tree.splitCount >= 0, tree.firstSplit + tree.splitCount <= splitCount,
                      (tree.splitCount + 1) & tree.splitCount == 0, tree.firstLeaf >= 0,
                      (tree.firstLeaf + tree.splitCount + 1) * shapeLength <= leafCount else { throw malformed("a tree of level \(index)") }
                for split in splits[tree.firstSplit..<(tree.firstSplit + tree.splitCount)] {
                    guard split.first >= 0, split.second >= 0, Int(max(split.first, split.second)) < level.anchors.count else {
                        throw malformed("a split of level \(index) samples a pixel the level does not have")
                    }
                }
            }
        }
        offset += (16 - offset % 16) % 16
        guard data.count == offset + leafCount * MemoryLayout<Float>.stride else {
            throw .truncated(offset: data.count, reading: "\(leafCount) leaf values")
        }
        self.init(initialShape: initialShape, levels: levels, trees: trees, splits: splits,
                  leafValues: LeafTable(mapping: data, offset: offset, count: leafCount))
    }
}
