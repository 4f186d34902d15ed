/// K-fold cross-validation in which all rows of a group (a source, a generator, a camera…) land in the same fold,
/// so no group is ever on both sides of a split.
public struct GroupedKFold: Sendable {
    /// Per fold, the training and validation row indices, each ascending.
    public let splits: [(train: [Int], validation: [Int])]

    /// Shuffles the distinct groups with `seed`, then deals them largest first to the fold with the fewest rows,
    /// which keeps fold sizes balanced.
    public init(groups: [String], folds: Int, seed: UInt64) throws(LearnError) {
        guard folds >= 2 else { throw .invalidOption(name: "folds", reason: "must be at least 2, is \(folds)") }
        var rowsByGroup: [String: [Int]] = [:]
        for (row, group) in groups.enumerated() { rowsByGroup[group, default: []].append(row) }
        guard rowsByGroup.count >= folds else { throw .tooFewGroups(groups: rowsByGroup.count, folds: folds) }

        var names = rowsByGroup.keys.sorted()
        var random = SeededRandom(seed: seed)
        random.shuffle(&names)
        let order = names.indices.sorted {
            let (a, b) = (rowsByGroup[names[$0]]?.count ?? 0, rowsByGroup[names[$1]]?.count ?? 0)
            return a != b ? a > b : $0 < $1
        }
        var foldOfRow = [Int](repeating: 0, count: groups.count)
        var foldSizes = [Int](repeating: 0, count: folds)
        for index in order {
            let rows = rowsByGroup[names[index]] ?? []
            let fold = foldSizes.indices.min { foldSizes[$0] != foldSizes[$1] ? foldSizes[$0] < foldSizes[$1] : $0 < $1 } ?? 0
            foldSizes[fold] += rows.count
            for row in rows { foldOfRow[row] = fold }
        }
        splits = (0..<folds).map { fold in
            (groups.indices.filter { foldOfRow[$0] != fold }, groups.indices.filter { foldOfRow[$0] == fold })
        }
    }
}
