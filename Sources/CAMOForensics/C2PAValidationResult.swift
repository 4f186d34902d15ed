/// What validating the active manifest of a C2PA store concluded, in c2pa-rs's terms.
public struct C2PAValidationResult: Codable, Sendable, Equatable {
    /// c2pa-rs's `validation_state`.
    public enum State: String, Codable, Sendable {
        /// A check failed: the manifest was altered, forged, or does not belong to this file.
        case invalid = "Invalid"
        /// Every check passed, but the signer does not chain to a configured trust anchor.
        case valid = "Valid"
        /// Every check passed and the signer chains to a configured trust anchor.
        case trusted = "Trusted"
    }

    public var state: State
    /// Label of the manifest that was validated (the active one).
    public var manifestLabel: String
    /// Every finding, in the order the checks ran.
    public var statuses: [C2PAValidationStatus]
    /// Checks this validator does not perform that the manifest called for, e.g. a BMFF Merkle tree
    /// or a CAWG credential. A manifest whose hard binding is listed here is not bound to the file.
    public var unchecked: [String]
    /// Every ingredient of the active manifest and, in turn, of the ingredient manifests the store
    /// holds, each validated once.
    public var ingredients: [C2PAIngredientValidation]

    public init(state: State, manifestLabel: String, statuses: [C2PAValidationStatus], unchecked: [String],
                ingredients: [C2PAIngredientValidation] = []) {
        self.state = state
        self.manifestLabel = manifestLabel
        self.statuses = statuses
        self.unchecked = unchecked
        self.ingredients = ingredients
    }

    /// The distinct codes found, sorted, as c2pa-rs lists them.
    public var statusCodes: [C2PAStatusCode] { Array(Set(statuses.map(\.code))).sorted() }

    /// The findings that make the manifest invalid.
    public var failures: [C2PAValidationStatus] { statuses.filter(\.code.isFailure) }

    /// Whether the manifest was shown to belong to this file's bytes (a hard binding that matched).
    public var isBoundToAsset: Bool { statuses.contains { $0.code == .dataHashMatch || $0.code == .bmffHashMatch } }

    public var isSignerTrusted: Bool { state == .trusted }
}
