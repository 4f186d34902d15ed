import Foundation

/// How sources are shared out between splits (`--splits train=0.8,val=0.1,test=0.1`). Every image of one
/// source group goes to the same split, drawn from the group's own seeded stream, so the assignment does not
/// depend on the order, the shard or the other groups.
public struct SplitPlan: Sendable, Hashable, CustomStringConvertible {
    public struct Split: Sendable, Hashable {
        public var name: String
        public var fraction: Double
    }

    public var splits: [Split]

    /// Everything in `train`: the split Hugging Face's `imagefolder` reads when a folder has no split names.
    public static let trainOnly = SplitPlan(splits: [Split(name: "train", fraction: 1)])

    init(splits: [Split]) {
        self.splits = splits
    }

    public init(parsing text: String) throws(PreparationError) {
        var splits: [Split] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let fraction = Double(pair[1].trimmingCharacters(in: .whitespaces)), fraction > 0, fraction <= 1 else {
                throw .invalidSplits(text, reason: "'\(part)' is not name=fraction with 0 < fraction ≤ 1")
            }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw .invalidSplits(text, reason: "split name '\(name)' must be letters, digits, '_' or '-'")
            }
            guard !splits.contains(where: { $0.name == name }) else { throw .invalidSplits(text, reason: "'\(name)' is named twice") }
            guard name != "masks" else { throw .invalidSplits(text, reason: "'masks' is the mask folder's name") }
            splits.append(Split(name: name, fraction: fraction))
        }
        guard !splits.isEmpty else { throw .invalidSplits(text, reason: "no splits") }
        let total = splits.reduce(0) { $0 + $1.fraction }
        guard abs(total - 1) < 1e-6 else { throw .invalidSplits(text, reason: "fractions add up to \(total), not 1") }
        self.splits = splits
    }

    /// The split of every image whose source group is `group`.
    public func split(forGroup group: String, seed: UInt64) -> String {
        guard splits.count > 1 else { return splits[0].name }
        var random = SeededGenerator(seed: seed, key: "split:\(group)")
        let draw = random.uniform(0, 1)
        var cumulative = 0.0
        for split in splits {
            cumulative += split.fraction
            if draw < cumulative { return split.name }
        }
        return splits[splits.count - 1].name
    }

    public var description: String {
        splits.map { "\($0.name)=\($0.fraction)" }.joined(separator: ",")
    }
}
