/// Expert kinds by name: a pipeline's `kind:` picks the factory that builds the expert from its options.
/// Adding a Swift expert is one type conforming to `Expert` plus one `register` call.
public struct ExpertRegistry: Sendable {
    /// What a factory may use while building: the model registry, the pipeline file (for messages).
    public struct BuildContext: Sendable {
        public var models: ModelRegistry
        public var pipelineFile: String

        public init(models: ModelRegistry, pipelineFile: String) {
            self.models = models
            self.pipelineFile = pipelineFile
        }
    }

    public typealias Factory = @Sendable (ExpertConfiguration, BuildContext) throws -> any Expert

    private var factories: [String: Factory] = [:]

    public init() {}

    /// Registers (or replaces) the factory for `kind`.
    public mutating func register(_ kind: String, factory: @escaping Factory) {
        factories[kind] = factory
    }

    public var kinds: [String] { factories.keys.sorted() }

    /// Builds the expert of the `index`-th entry, turning any failure into an error at that entry's key path.
    public func makeExpert(
        _ configuration: ExpertConfiguration, index: Int, context: BuildContext
    ) throws(ConfigurationError) -> any Expert {
        guard let factory = factories[configuration.kind] else {
            throw ConfigurationError(
                file: context.pipelineFile, keyPath: "experts[\(index)].kind",
                message: "unknown expert kind '\(configuration.kind)'; registered kinds: \(kinds.joined(separator: ", "))")
        }
        do {
            return try factory(configuration, context)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(
                file: context.pipelineFile, keyPath: "experts[\(index)]", message: "cannot build expert '\(configuration.name)': \(error)")
        }
    }
}
