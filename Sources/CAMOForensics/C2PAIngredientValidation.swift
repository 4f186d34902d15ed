/// What validating one ingredient of a manifest found, as c2pa-rs reports it among its ingredient
/// deltas: the ingredient names no manifest (`ingredient.unknownProvenance`), names one the store
/// lacks (`ingredient.manifest.missing`), or names one whose signature, time-stamp, signer and
/// assertions were checked like the active manifest's, save its hard binding, which binds it to
/// another file (`ingredient.manifest.validated` when nothing failed).
public struct C2PAIngredientValidation: Codable, Sendable, Equatable {
    /// The ingredient assertion, as an absolute `self#jumbf=` URI.
    public var assertion: String
    /// The manifest the ingredient names, when the store holds it.
    public var manifestLabel: String?
    /// That manifest's state; nil when there is no manifest to validate.
    public var state: C2PAValidationResult.State?
    public var statuses: [C2PAValidationStatus]

    public init(assertion: String, manifestLabel: String?, state: C2PAValidationResult.State?, statuses: [C2PAValidationStatus]) {
        self.assertion = assertion
        self.manifestLabel = manifestLabel
        self.state = state
        self.statuses = statuses
    }

    public var statusCodes: [C2PAStatusCode] { Array(Set(statuses.map(\.code))).sorted() }
}
