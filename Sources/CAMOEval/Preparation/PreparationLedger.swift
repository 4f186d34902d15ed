import CAMORuntime
import Foundation
import Glibc

/// A record of a resume ledger: its key names the unit of work it finished; a later record of the same key wins.
public protocol LedgerRecord: Codable, Sendable {
    var key: String { get }
}

extension PreparationRecord: LedgerRecord {}

/// The resume records of `camo dataset prepare` (`.camo-prepare/records.jsonl`): one per finished (source, transform).
typealias PreparationLedger = ResumeLedger<PreparationRecord>

/// The resume records of one output folder, one JSON line per finished unit of work, appended and flushed as each
/// finishes. A line torn by a kill is ignored on load: its work is simply done again.
public actor ResumeLedger<Record: LedgerRecord> {
    public let url: URL
    public private(set) var records: [String: Record]
    private var descriptor: Int32 = -1

    public init(url: URL) throws(PreparationError) {
        self.url = url
        var records: [String: Record] = [:]
        if let data = try? Data(contentsOf: url) {
            let decoder = JSONDecoder()
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let record = try? decoder.decode(Record.self, from: Data(line)) { records[record.key] = record }
            }
        }
        self.records = records
    }

    public func record(for key: String) -> Record? { records[key] }

    public func append(_ record: Record) throws(PreparationError) {
        records[record.key] = record
        let line: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = try encoder.encode(record) + Data("\n".utf8)
        } catch {
            throw .writeFailed(path: url.path, reason: "record of \(record.key) cannot be encoded: \(error)")
        }
        if descriptor < 0 {
            descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
        }
        let start = lseek(descriptor, 0, SEEK_END)
        let written = line.withUnsafeBytes { buffer in Glibc.write(descriptor, buffer.baseAddress, buffer.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            let reason = written < 0 || written == line.count ? String(cString: strerror(errno)) : "short write (disk full?)"
            // Cut the torn line off so that the next run reads every earlier record.
            if start >= 0 { _ = ftruncate(descriptor, start) }
            throw .writeFailed(path: url.path, reason: reason)
        }
    }

    /// Rewrites the file with only `keep`'s records (atomically), dropping those of work no longer wanted.
    public func compact(keeping keep: Set<String>) throws(PreparationError) {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        records = records.filter { keep.contains($0.key) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for key in records.keys.sorted() {
            guard let record = records[key], let line = try? encoder.encode(record) else { continue }
            data += line + Data("\n".utf8)
        }
        try AtomicFileWriter.write(data, to: url)
    }

    /// The SHA-256 of a file on disk, nil when it cannot be read.
    public nonisolated static func fileHash(_ url: URL) -> String? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return SHA256.hexDigest([UInt8](data))
    }
}

extension ResumeLedger where Record == PreparationRecord {
    /// The record of (source, transform) when it still describes what is on disk for this source and these options.
    nonisolated static func isCurrent(_ record: PreparationRecord?, sourceSHA256: String, options: String, root: URL) -> Bool {
        guard let record, record.sourceSHA256 == sourceSHA256, record.options == options else { return false }
        for output in record.outputs {
            guard fileHash(root.appendingPathComponent(output.file)) == output.sha256 else { return false }
            if let mask = output.maskFile, fileHash(root.appendingPathComponent(mask)) != output.maskSHA256 { return false }
        }
        return true
    }
}
