/// Grows one regression tree on binned features from per-row gradients and hessians, best-first, the way
/// LightGBM and scikit-learn's histogram gradient boosting do.
struct TreeGrower {
    /// Column-major bins of the training rows: feature `f` of row `r` is at `f * rowCount + r`.
    let bins: [UInt8]
    let rowCount: Int
    let thresholds: [[Float]]
    let options: GradientBoostingOptions

    /// scikit-learn's `min_hessian_to_split`: a node or child with less total hessian is not split.
    static let minHessianToSplit = 1e-3

    private var binStride: Int { options.maxBins }

    /// A tree in creation order; children always follow their parent.
    struct Tree {
        var feature: [Int] = []
        var splitBin: [Int] = []
        var left: [Int] = []
        var right: [Int] = []
        var value: [Double] = []

        /// The leaf output for training-set row `row` of column-major `bins` with `rowCount` rows.
        func output(bins: UnsafeBufferPointer<UInt8>, rowCount: Int, row: Int) -> Double {
            var node = 0
            while feature[node] >= 0 {
                node = Int(bins[feature[node] * rowCount + row]) <= splitBin[node] ? left[node] : right[node]
            }
            return value[node]
        }
    }

    private struct Histogram {
        var gradient: [Double]
        var hessian: [Double]
        var count: [Int32]
    }

    private struct Split {
        var gain: Double
        var feature: Int
        var bin: Int
    }

    private struct Leaf {
        var node: Int
        var rows: [Int]
        var depth: Int
        var histogram: Histogram
        var split: Split
    }

    /// Grows a tree on `rows` using only `features`, adding each split's gain to `gains[feature]`.
    func grow(rows: [Int], features: [Int], gradients: [Double], hessians: [Double], gains: inout [Double]) -> Tree {
        var tree = Tree()
        var frontier: [Leaf] = []
        let root = addLeaf(to: &tree, rows: rows, gradients: gradients, hessians: hessians)
        if canSplit(rows: rows, depth: 0, hessian: root.hessian) {
            let histogram = buildHistogram(rows: rows, features: features, gradients: gradients, hessians: hessians)
            if let split = bestSplit(histogram, features: features, gradient: root.gradient, hessian: root.hessian,
                                     count: rows.count) {
                frontier.append(Leaf(node: 0, rows: rows, depth: 0, histogram: histogram, split: split))
            }
        }
        var leafCount = 1
        while leafCount < options.maxLeafNodes,
            let chosen = frontier.indices.max(by: { frontier[$0].split.gain < frontier[$1].split.gain
                || (frontier[$0].split.gain == frontier[$1].split.gain && $0 > $1) })
        {
            let leaf = frontier.remove(at: chosen)
            let split = leaf.split
            gains[split.feature] += split.gain
            leafCount += 1

            let base = split.feature * rowCount
            var leftRows: [Int] = []
            var rightRows: [Int] = []
            for row in leaf.rows {
                if Int(bins[base + row]) <= split.bin { leftRows.append(row) } else { rightRows.append(row) }
            }
            let leftSums = addLeaf(to: &tree, rows: leftRows, gradients: gradients, hessians: hessians)
            let rightSums = addLeaf(to: &tree, rows: rightRows, gradients: gradients, hessians: hessians)
            tree.feature[leaf.node] = split.feature
            tree.splitBin[leaf.node] = split.bin
            tree.left[leaf.node] = tree.value.count - 2
            tree.right[leaf.node] = tree.value.count - 1
            tree.value[leaf.node] = 0

            let depth = leaf.depth + 1
            let children = [(tree.value.count - 2, leftRows, leftSums), (tree.value.count - 1, rightRows, rightSums)]
                .filter { canSplit(rows: $0.1, depth: depth, hessian: $0.2.hessian) }
            guard !children.isEmpty else { continue }
            // Build the smaller child's histogram from its rows and take the other as parent minus it.
            let smallerIsLeft = leftRows.count <= rightRows.count
            let smaller = buildHistogram(rows: smallerIsLeft ? leftRows : rightRows, features: features,
                                         gradients: gradients, hessians: hessians)
            let larger = subtract(smaller, from: leaf.histogram, features: features)
            for (node, childRows, sums) in children {
                let isLeft = node == tree.value.count - 2
                let histogram = isLeft == smallerIsLeft ? smaller : larger
                if let childSplit = bestSplit(histogram, features: features, gradient: sums.gradient,
                                              hessian: sums.hessian, count: childRows.count) {
                    frontier.append(Leaf(node: node, rows: childRows, depth: depth, histogram: histogram,
                                         split: childSplit))
                }
            }
        }
        return tree
    }

    private func canSplit(rows: [Int], depth: Int, hessian: Double) -> Bool {
        rows.count >= 2 * options.minSamplesLeaf && hessian >= Self.minHessianToSplit
            && depth < (options.maxDepth ?? Int.max)
    }

    /// Appends a leaf for `rows` holding the shrunk Newton step −G/(H+λ), and returns the sums.
    private func addLeaf(to tree: inout Tree, rows: [Int], gradients: [Double], hessians: [Double])
        -> (gradient: Double, hessian: Double)
    {
        var gradient = 0.0
        var hessian = 0.0
        for row in rows {
            gradient += gradients[row]
            hessian += hessians[row]
        }
        tree.feature.append(-1)
        tree.splitBin.append(0)
        tree.left.append(-1)
        tree.right.append(-1)
        tree.value.append(-gradient / (hessian + options.l2Regularization + 1e-15) * options.learningRate)
        return (gradient, hessian)
    }

    private func buildHistogram(rows: [Int], features: [Int], gradients: [Double], hessians: [Double]) -> Histogram {
        let size = thresholds.count * binStride
        var histogram = Histogram(gradient: .init(repeating: 0, count: size), hessian: .init(repeating: 0, count: size),
                                  count: .init(repeating: 0, count: size))
        bins.withUnsafeBufferPointer { bins in
            gradients.withUnsafeBufferPointer { gradients in
                hessians.withUnsafeBufferPointer { hessians in
                    for feature in features {
                        let base = feature * rowCount
                        let offset = feature * binStride
                        for row in rows {
                            let slot = offset + Int(bins[base + row])
                            histogram.gradient[slot] += gradients[row]
                            histogram.hessian[slot] += hessians[row]
                            histogram.count[slot] += 1
                        }
                    }
                }
            }
        }
        return histogram
    }

    private func subtract(_ child: Histogram, from parent: Histogram, features: [Int]) -> Histogram {
        var sibling = parent
        for feature in features {
            for slot in feature * binStride ..< (feature + 1) * binStride {
                sibling.gradient[slot] -= child.gradient[slot]
                sibling.hessian[slot] -= child.hessian[slot]
                sibling.count[slot] -= child.count[slot]
            }
        }
        return sibling
    }

    /// The split with the largest positive gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) that leaves each side
    /// `minSamplesLeaf` rows and `minHessianToSplit` hessian; the first one found wins ties.
    private func bestSplit(_ histogram: Histogram, features: [Int], gradient: Double, hessian: Double, count: Int)
        -> Split?
    {
        let lambda = options.l2Regularization
        let minimumRows = options.minSamplesLeaf
        let parentScore = gradient * gradient / (hessian + lambda + 1e-15)
        var best: Split?
        for feature in features.sorted() {
            let offset = feature * binStride
            var leftGradient = 0.0
            var leftHessian = 0.0
            var leftCount = 0
            for bin in 0..<thresholds[feature].count {
                leftGradient += histogram.gradient[offset + bin]
                leftHessian += histogram.hessian[offset + bin]
                leftCount += Int(histogram.count[offset + bin])
                let rightCount = count - leftCount
                if leftCount < minimumRows { continue }
                if rightCount < minimumRows { break }
                let rightHessian = hessian - leftHessian
                guard leftHessian >= Self.minHessianToSplit, rightHessian >= Self.minHessianToSplit else { continue }
                let rightGradient = gradient - leftGradient
                let gain = leftGradient * leftGradient / (leftHessian + lambda + 1e-15)
                    + rightGradient * rightGradient / (rightHessian + lambda + 1e-15) - parentScore
                if gain > (best?.gain ?? 0) { best = Split(gain: gain, feature: feature, bin: bin) }
            }
        }
        return best
    }
}
