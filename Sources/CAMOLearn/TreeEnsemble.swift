/// Regression trees stored as flat node arrays, so that scoring a row walks plain integer indices.
///
/// Node `n` is a leaf when `feature[n] < 0`; otherwise rows with `x[feature[n]] <= threshold[n]` go to `left[n]`,
/// the rest to `right[n]`. Children always come after their parent within the same tree, which `validate` checks,
/// so walking a tree read from disk ends.
struct TreeEnsemble: Sendable, Codable, Equatable {
    var roots: [Int32] = []
    var feature: [Int32] = []
    var threshold: [Float] = []
    var left: [Int32] = []
    var right: [Int32] = []
    /// Leaf outputs on the log-odds scale, shrinkage included; zero for split nodes.
    var value: [Double] = []

    init() {}

    private enum CodingKeys: String, CodingKey { case roots, feature, threshold, left, right, value }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roots = try container.decode([Int32].self, forKey: .roots)
        feature = try container.decode([Int32].self, forKey: .feature)
        threshold = try container.decode([Float].self, forKey: .threshold)
        left = try container.decode([Int32].self, forKey: .left)
        right = try container.decode([Int32].self, forKey: .right)
        value = try container.decode([Double].self, forKey: .value)
    }

    var treeCount: Int { roots.count }
    var nodeCount: Int { feature.count }

    /// The summed leaf outputs of every tree for `row`, which must have at least as many values as features used.
    func sum(_ row: UnsafeBufferPointer<Float>) -> Double {
        feature.withUnsafeBufferPointer { feature in
            threshold.withUnsafeBufferPointer { threshold in
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        value.withUnsafeBufferPointer { value in
                            var total = 0.0
                            for root in roots {
                                var node = Int(root)
                                while feature[node] >= 0 {
                                    node = Int(row[Int(feature[node])] <= threshold[node] ? left[node] : right[node])
                                }
                                total += value[node]
                            }
                            return total
                        }
                    }
                }
            }
        }
    }

    /// Why these arrays cannot be a forest over `featureCount` features, or `nil` when they can.
    func inconsistency(featureCount: Int) -> String? {
        let count = feature.count
        guard threshold.count == count, left.count == count, right.count == count, value.count == count else {
            return "tree node arrays differ in length"
        }
        let treeEnds = roots.dropFirst().map(Int.init) + [count]
        for (index, root) in roots.enumerated() {
            let start = Int(root)
            let end = treeEnds[index]
            guard start >= 0, start < end, end <= count else { return "tree \(index) has an invalid root \(root)" }
            for node in start..<end {
                guard value[node].isFinite, !threshold[node].isNaN else { return "node \(node) holds a non-finite value" }
                if feature[node] < 0 { continue }
                guard Int(feature[node]) < featureCount else {
                    return "node \(node) splits on feature \(feature[node]) of \(featureCount)"
                }
                for child in [Int(left[node]), Int(right[node])] where child <= node || child >= end {
                    return "node \(node) has child \(child) outside its tree"
                }
            }
        }
        return roots.isEmpty && count > 0 ? "nodes without a tree" : nil
    }
}
