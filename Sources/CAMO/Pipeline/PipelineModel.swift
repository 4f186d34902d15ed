/// A model file a pipeline was built from, and the part of the pipeline that runs it.
public struct PipelineModel: Sendable, Equatable {
    /// `gate.face_detector`, `gate.object_detector`, `gate.landmarks` or `experts.<expert name>`.
    public var usedBy: String
    /// The registry's description of the file (for a file named by path: its path, digest, size, and an unknown licence).
    public var model: ModelEntry

    public init(usedBy: String, model: ModelEntry) {
        self.usedBy = usedBy
        self.model = model
    }
}
