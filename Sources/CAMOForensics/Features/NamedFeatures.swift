/// A feature vector whose values keep their names, so a model trained on one order can check it gets the same order.
public struct NamedFeatures: Sendable, Equatable, Codable {
    public var names: [String]
    public var values: [Float]

    public init(names: [String] = [], values: [Float] = []) {
        self.names = names
        self.values = values
    }

    /// The value called `name`, or nil when there is none.
    public subscript(name: String) -> Float? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// Adds `other`'s features after these, each name prefixed with `prefix`.
    public mutating func append(_ other: NamedFeatures, prefix: String) {
        names += other.names.map { prefix + $0 }
        values += other.values
    }
}
