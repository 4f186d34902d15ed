import CAMORuntime
import Foundation

/// One model in `models/registry.yaml`: where its file lives, what it must hash to, and what it may be used for.
public struct ModelEntry: Sendable, Codable, Equatable {
    public var name: String
    /// Path under the models directory.
    public var file: String
    /// Lower-case hex SHA-256 of the file.
    public var sha256: String
    public var bytes: Int
    /// `face-detection`, `object-detection`, `face-classifier`, `image-classifier`, `backbone`.
    public var task: String
    public var licence: String
    /// The licence forbids commercial use.
    public var researchOnly: Bool
    /// Where the file came from, so a user can obtain it.
    public var source: String
    /// The graph input's name and shape (symbolic dimensions as letters).
    public var input: String
    public var inputShape: String
    /// Pre-processing the model expects, in words.
    public var contract: String

    public init(
        name: String, file: String, sha256: String, bytes: Int, task: String, licence: String, researchOnly: Bool,
        source: String, input: String, inputShape: String, contract: String
    ) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.bytes = bytes
        self.task = task
        self.licence = licence
        self.researchOnly = researchOnly
        self.source = source
        self.input = input
        self.inputShape = inputShape
        self.contract = contract
    }

    enum CodingKeys: String, CodingKey {
        case name, file, sha256, bytes, task, licence, source, input, contract
        case researchOnly = "research_only"
        case inputShape = "input_shape"
    }
}

extension ModelEntry {
    /// A model file named by path rather than by registry name: its digest and size are measured, and since no
    /// registry vouches for its licence it is treated as research-only.
    public init(unregisteredFile url: URL, name: String? = nil, task: String = "unknown", licence: String = "unknown (not in the registry)",
                researchOnly: Bool = true, source: String = "a path given in the pipeline") throws(ModelError) {
        let digest: String
        do {
            digest = try FileDigestCache.sha256(of: url)
        } catch {
            throw .unreadable(name: name ?? url.path, path: url.path, reason: error.localizedDescription)
        }
        let bytes = FileIdentity(path: url.path).map { Int($0.size) } ?? 0
        self.init(name: name ?? url.path, file: url.path, sha256: digest, bytes: bytes, task: task,
                  licence: licence, researchOnly: researchOnly, source: source, input: "", inputShape: "", contract: "")
    }
}
