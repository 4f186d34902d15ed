/// A detector that judges one kind of content or one kind of evidence.
///
/// Conform a type, register it by name in `ExpertRegistry`, and name it in a pipeline's YAML.
/// Experts must be safe to call from several images at once.
public protocol Expert: Sendable {
    /// Unique within a pipeline; used in results and routing rules.
    var name: String { get }
    /// The expert's opinion; throw only for failures (a broken model), never for "nothing to judge" —
    /// return `.notApplicable` then.
    func opinion(for context: ImageContext) async throws -> ExpertOpinion
}
