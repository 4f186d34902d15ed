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
    /// Whether the expert reads the gate's object detections (boxes, categories, counts). A pipeline
    /// whose experts, rules and routing all leave them unread does not run its object detector.
    var readsGateObjects: Bool { get }
}

extension Expert {
    public var readsGateObjects: Bool { false }
}
