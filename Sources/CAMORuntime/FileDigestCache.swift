import Foundation

/// SHA-256 digests of files, recomputed only when a file's identity (`FileIdentity`) changes: model
/// files are checked against their registry digests on every start, and hashing dlib's 99 MB
/// landmark model alone took longer than judging an image. Digests live in `digests.json` in the
/// cache directory; without a writable cache every call hashes.
public enum FileDigestCache {
    private struct Record: Codable {
        var identity: FileIdentity
        var sha256: String
    }

    private static let name = "digests.json"
    private static let memory = LockedValue<[String: Record]?>(nil)

    /// The lower-case hex SHA-256 of the file at `url`.
    public static func sha256(of url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        let identity = FileIdentity(path: path)
        if let identity, let record = records()[path], record.identity == identity { return record.sha256 }
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        let digest = data.withUnsafeBytes { SHA256.hexDigest($0) }
        // The identity is taken again after reading, so a file replaced while it was hashed is not recorded.
        if let identity, FileIdentity(path: path) == identity {
            var updated = records()
            updated[path] = Record(identity: identity, sha256: digest)
            memory.withLock { $0 = updated }
            if let data = try? JSONEncoder().encode(updated) { CacheDirectory.write(data, to: name) }
        }
        return digest
    }

    private static func records() -> [String: Record] {
        if let loaded = memory.withLock({ $0 }) { return loaded }
        let loaded = CacheDirectory.read(name).flatMap { try? JSONDecoder().decode([String: Record].self, from: $0) } ?? [:]
        memory.withLock { $0 = loaded }
        return loaded
    }
}
