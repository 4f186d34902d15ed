/// A dense table of finite `Float` features, one named column per feature, stored row-major.
public struct FeatureMatrix: Sendable, Codable, Equatable {
    public let names: [String]
    public let rowCount: Int
    /// Row-major values: row `i` occupies `values[i * columnCount ..< (i + 1) * columnCount]`.
    public let values: [Float]

    public var columnCount: Int { names.count }

    /// Rejects duplicate names, rows whose length differs from `names`, and NaN or infinite values.
    public init(names: [String], rows: [[Float]]) throws(LearnError) {
        try Self.checkUnique(names)
        var values: [Float] = []
        values.reserveCapacity(rows.count * names.count)
        for (index, row) in rows.enumerated() {
            guard row.count == names.count else {
                throw .raggedRow(row: index, expected: names.count, found: row.count)
            }
            for (column, value) in row.enumerated() where !value.isFinite {
                throw .nonFinite(row: index, column: names[column])
            }
            values.append(contentsOf: row)
        }
        self.names = names
        self.rowCount = rows.count
        self.values = values
    }

    /// Wraps already-flattened row-major values, with the same checks as `init(names:rows:)`.
    public init(names: [String], rowMajorValues values: [Float]) throws(LearnError) {
        try Self.checkUnique(names)
        guard !names.isEmpty else {
            guard values.isEmpty else { throw .raggedRow(row: 0, expected: 0, found: values.count) }
            self.names = names
            self.rowCount = 0
            self.values = []
            return
        }
        guard values.count % names.count == 0 else {
            throw .raggedRow(row: values.count / names.count, expected: names.count, found: values.count % names.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(row: bad / names.count, column: names[bad % names.count])
        }
        self.names = names
        self.rowCount = values.count / names.count
        self.values = values
    }

    public func row(_ i: Int) -> ArraySlice<Float> {
        values[i * columnCount ..< (i + 1) * columnCount]
    }

    /// The value in row `row`, column `column`.
    public subscript(row: Int, column: Int) -> Float {
        values[row * columnCount + column]
    }

    /// A matrix of the given rows, in the given order (repeats allowed).
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var selected: [Float] = []
        selected.reserveCapacity(indices.count * columnCount)
        for index in indices { selected.append(contentsOf: row(index)) }
        return FeatureMatrix(checkedNames: names, rowCount: indices.count, values: selected)
    }

    private init(checkedNames: [String], rowCount: Int, values: [Float]) {
        self.names = checkedNames
        self.rowCount = rowCount
        self.values = values
    }

    private static func checkUnique(_ names: [String]) throws(LearnError) {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { throw .duplicateFeatureName(name) }
    }

    private enum CodingKeys: String, CodingKey { case names, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            names: container.decode([String].self, forKey: .names),
            rowMajorValues: container.decode([Float].self, forKey: .values))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(names, forKey: .names)
        try container.encode(values, forKey: .values)
    }
}
