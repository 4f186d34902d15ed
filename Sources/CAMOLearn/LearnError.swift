/// Why a model could not be fitted, read or applied.
public enum LearnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There are no rows (or no columns) to learn from.
    case empty
    /// A row has a different number of values from the feature names.
    case raggedRow(row: Int, expected: Int, found: Int)
    /// A value is NaN or infinite.
    case nonFinite(row: Int, column: String)
    /// Two features share a name.
    case duplicateFeatureName(String)
    /// The label count differs from the row count.
    case labelCountMismatch(rows: Int, labels: Int)
    /// Every label is the same, so there is nothing to separate.
    case oneClass
    /// An option is outside its allowed range.
    case invalidOption(name: String, reason: String)
    /// Grouped cross-validation needs at least as many distinct groups as folds.
    case tooFewGroups(groups: Int, folds: Int)
    /// A feature the model needs is absent.
    case missingFeature(String)
    /// A model file is unreadable, of another format or version, or internally inconsistent.
    case invalidModelFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .empty: "no rows or no features to learn from"
        case .raggedRow(let row, let expected, let found):
            "row \(row) has \(found) values, expected \(expected) (one per feature name)"
        case .nonFinite(let row, let column): "row \(row), column \"\(column)\" is NaN or infinite"
        case .duplicateFeatureName(let name): "feature name \"\(name)\" appears more than once"
        case .labelCountMismatch(let rows, let labels): "\(labels) labels for \(rows) rows"
        case .oneClass: "all labels are the same; both classes are needed"
        case .invalidOption(let name, let reason): "option \(name): \(reason)"
        case .tooFewGroups(let groups, let folds): "\(groups) distinct groups cannot fill \(folds) folds"
        case .missingFeature(let name): "feature \"\(name)\" is missing"
        case .invalidModelFile(let path, let reason): "model file \(path): \(reason)"
        }
    }
}
