import CAMORuntime
import Foundation

/// The models CAMO knows (`models/registry.yaml`) and the folder their files are read from.
public struct ModelRegistry: Sendable {
    public var entries: [ModelEntry]
    /// Where model files are looked up: `CAMO_MODELS`, else `../shared/models` when it exists, else `~/.cache/camo/models`.
    public var directory: URL
    /// When set, each model resolved through this registry (and its copies) is noted here.
    public var resolutionLog: ModelResolutionLog?

    private struct Document: Decodable {
        var models: [ModelEntry]
    }

    public init(entries: [ModelEntry], directory: URL = ModelRegistry.defaultDirectory()) {
        self.entries = entries
        self.directory = directory
    }

    /// Reads a registry file, strictly (unknown keys and duplicate names are errors).
    public init(contentsOf url: URL, directory: URL = ModelRegistry.defaultDirectory()) throws(ConfigurationError) {
        let document = try ConfigurationDecoder().decode(Document.self, contentsOf: url)
        var seen = Set<String>()
        for (index, entry) in document.models.enumerated() where !seen.insert(entry.name).inserted {
            throw ConfigurationError(file: url.path, keyPath: "models[\(index)].name", message: "model name '\(entry.name)' is used twice")
        }
        self.init(entries: document.models, directory: directory)
    }

    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["CAMO_MODELS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let shared = URL(fileURLWithPath: "../shared/models")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: shared.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return shared.standardizedFileURL
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/camo/models")
    }

    public func entry(named name: String) throws(ModelError) -> ModelEntry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw .unknownModel(name: name, known: entries.map(\.name))
        }
        return entry
    }

    public func url(of entry: ModelEntry) -> URL {
        directory.appendingPathComponent(entry.file)
    }

    /// The file of a registered model after checking its size and SHA-256: use this to load models.
    public func verifiedURL(of name: String) throws(ModelError) -> URL {
        let entry = try entry(named: name)
        try verify(entry)
        resolutionLog?.note(entry)
        return url(of: entry)
    }

    /// Checks that the model's file exists and is byte-for-byte the registered one. The digest is
    /// recomputed only when the file changed since it was last checked (`FileDigestCache`).
    public func verify(_ entry: ModelEntry) throws(ModelError) {
        let url = url(of: entry)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingFile(name: entry.name, path: url.path, sha256: entry.sha256, source: entry.source)
        }
        guard let identity = FileIdentity(path: url.path) else {
            throw .unreadable(name: entry.name, path: url.path, reason: "its status cannot be read")
        }
        guard identity.size == Int64(entry.bytes) else {
            throw .sizeMismatch(name: entry.name, path: url.path, expected: entry.bytes, actual: Int(identity.size))
        }
        let digest: String
        do { digest = try FileDigestCache.sha256(of: url) } catch {
            throw .unreadable(name: entry.name, path: url.path, reason: error.localizedDescription)
        }
        guard digest == entry.sha256.lowercased() else {
            throw .hashMismatch(name: entry.name, path: url.path, expected: entry.sha256, actual: digest)
        }
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hexDigest(bytes)
    }
}
