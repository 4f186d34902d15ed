import Foundation

/// Where CAMO keeps what it can recompute but would rather not on every start: file digests, the
/// ONNX Runtime library's location, compact copies of large models. `CAMO_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/camo`, else `~/.cache/camo`. Nothing here is needed: a cache that cannot be
/// read or written only costs time.
public enum CacheDirectory {
    public static let environmentVariable = "CAMO_CACHE_DIR"

    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[environmentVariable], !path.isEmpty { return URL(fileURLWithPath: path, isDirectory: true) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("camo", isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/camo", isDirectory: true)
    }

    /// Writes `data` to `name` in the cache (`folder`, by default the cache directory) atomically: a
    /// temporary file renamed over it, the folder created. Returns false, silently, when it is not writable.
    @discardableResult
    public static func write(_ data: Data, to name: String, in folder: URL = url()) -> Bool {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let target = folder.appendingPathComponent(name)
            let temporary = folder.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                return false
            }
            return true
        } catch {
            return false
        }
    }

    /// The contents of `name` in the cache (`folder`, by default the cache directory), if it is there.
    public static func read(_ name: String, in folder: URL = url(), mapped: Bool = false) -> Data? {
        try? Data(contentsOf: folder.appendingPathComponent(name), options: mapped ? .alwaysMapped : [])
    }
}
