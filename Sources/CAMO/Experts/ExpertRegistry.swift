import CAMOLearn
import Foundation

/// Expert kinds by name: a pipeline's `kind:` picks the factory that builds the expert from its options.
/// Adding a Swift expert is one type conforming to `Expert` plus one `register` call.
public struct ExpertRegistry: Sendable {
    /// What a factory may use while building: the model registry, the pipeline file (for messages).
    public struct BuildContext: Sendable {
        public var models: ModelRegistry
        public var pipelineFile: String
        /// Build experts whose trained files (`head:`, a forensic `model:`) do not exist yet, without them: what
        /// `camo train` does to compute the features those files are trained from. Default false.
        public var allowsUntrainedExperts: Bool

        public init(models: ModelRegistry, pipelineFile: String, allowsUntrainedExperts: Bool = false) {
            self.models = models
            self.pipelineFile = pipelineFile
            self.allowsUntrainedExperts = allowsUntrainedExperts
        }

        /// A trained model file named in the pipeline, relative to the pipeline's folder; `nil` only when it is
        /// missing and untrained experts are allowed.
        public func trainedModel(_ reference: String, keyPath: String) throws -> LearnedModel? {
            let base = URL(fileURLWithPath: pipelineFile).deletingLastPathComponent()
            let url = reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : base.appendingPathComponent(reference)
            if allowsUntrainedExperts && !FileManager.default.fileExists(atPath: url.path) { return nil }
            do {
                return try LearnedModel(contentsOf: url)
            } catch {
                throw ConfigurationError(file: pipelineFile, keyPath: keyPath, message: "cannot load trained model \(url.path): \(error)")
            }
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
