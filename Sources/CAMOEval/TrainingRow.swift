/// What `camo train` knows about one image in one variant: its label and group, and every signal the trainable
/// parts of a pipeline read.
public struct TrainingRow: Sendable, Codable, Equatable {
    /// The data set item's id.
    public var id: String
    /// The original file's sha256 (the variant's bytes differ).
    public var sha256: String
    /// Cross-validation group: no source is in both the training and the validation folds.
    public var source: String
    public var isFake: Bool
    public var attributes: [String: String]
    public var variant: TrainingVariant
    /// The format of the bytes the models were given (`png`, `jpeg`, …): only the "PNG ⇒ fake" baseline reads it.
    public var format: String
    /// `expert.<name>` scores of the scoring experts (−1 when not applicable), `gate.*`, `image.*`, `face.*`.
    public var scalars: [String: Float]
    /// Each embedding expert's output for its largest region (`[]` when it had none, e.g. no face).
    public var embeddings: [String: [Float]]

    public init(id: String, sha256: String, source: String, isFake: Bool, attributes: [String: String] = [:],
                variant: TrainingVariant, format: String, scalars: [String: Float], embeddings: [String: [Float]] = [:]) {
        self.id = id
        self.sha256 = sha256
        self.source = source
        self.isFake = isFake
        self.attributes = attributes
        self.variant = variant
        self.format = format
        self.scalars = scalars
        self.embeddings = embeddings
    }
}
