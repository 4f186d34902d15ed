import Foundation

/// Predictions keyed by (image sha256, system hash, augmentation): see `JSONLinesCache`.
public typealias PredictionCache = JSONLinesCache<Prediction>

/// Values kept in an append-only JSON-lines file under string keys, so an interrupted run resumes where it
/// stopped. A torn last line (a crash mid-write) is skipped.
///
/// A file rather than SQLite: GRDB's release build took longer than the project's build budget on the
/// 2-core build machines (see docs/evaluation.md), and an evaluation needs only load-all and append.
public actor JSONLinesCache<Value: Codable & Sendable> {
    struct Entry: Codable {
        var key: String
        var value: Value

        enum CodingKeys: String, CodingKey {
            case key
            // The name the cache files have always used.
            case value = "prediction"
        }
    }

    public let url: URL?
    private var entries: [String: Value] = [:]
    private var handle: FileHandle?

    /// Opens (or creates) the cache at `url`; nil keeps predictions in memory only.
    public init(url: URL?) throws(EvaluationError) {
        self.url = url
        guard let url else { return }
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var endsMidLine = false
            if manager.fileExists(atPath: url.path) {
                let data = try Data(contentsOf: url)
                endsMidLine = data.last.map { $0 != UInt8(ascii: "\n") } ?? false
                let decoder = JSONDecoder()
                for line in data.split(separator: UInt8(ascii: "\n")) {
                    if let entry = try? decoder.decode(Entry.self, from: line) { entries[entry.key] = entry.value }
                }
            } else {
                guard manager.createFile(atPath: url.path, contents: nil) else {
                    throw EvaluationError.unreadableReport(path: url.path, reason: "cannot create the cache")
                }
            }
            handle = try FileHandle(forWritingTo: url)
            try handle?.seekToEnd()
            // Close a torn last line so the next entry starts on a line of its own.
            if endsMidLine { try handle?.write(contentsOf: Data([UInt8(ascii: "\n")])) }
        } catch {
            throw .unreadableReport(path: url.path, reason: "cache: \(error)")
        }
    }

    public static func key(sha256: String, systemHash: String, augmentation: String) -> String {
        "\(sha256)|\(systemHash)|\(augmentation)"
    }

    public var count: Int { entries.count }

    public func value(for key: String) -> Value? {
        entries[key]
    }

    public func store(_ value: Value, for key: String) {
        entries[key] = value
        guard let handle, var line = try? JSONEncoder().encode(Entry(key: key, value: value)) else { return }
        line.append(UInt8(ascii: "\n"))
        // Best effort: a failed append only costs a recomputation on the next run.
        try? handle.write(contentsOf: line)
    }
}
