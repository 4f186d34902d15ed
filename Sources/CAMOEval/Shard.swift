/// One of `count` disjoint parts of a dataset (`--shard i/n`): item k belongs to shard k mod n.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(parsing text: String) throws(EvaluationError) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, (0..<count).contains(index) else {
            throw .invalidShard(text)
        }
        self.index = index
        self.count = count
    }

    public func contains(position: Int) -> Bool {
        position % count == index
    }

    public var description: String { "\(index)/\(count)" }
}
