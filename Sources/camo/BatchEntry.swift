import ArgumentParser
import CAMO

/// One file's place in a batch's JSON output: its report, or `{"file": …, "error": …}` when it could not be read.
/// Commands that take several files go on past a bad one, report it in its place and exit 1 at the end.
enum BatchEntry<Report: Encodable>: Encodable {
    case report(Report)
    case failure(file: String, error: String)

    private enum CodingKeys: String, CodingKey {
        case file, error
        case schemaVersion = "schema_version"
    }

    var isFailure: Bool {
        if case .failure = self { true } else { false }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .report(let report):
            try report.encode(to: encoder)
        case let .failure(file, error):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(JSONConvention.schemaVersion, forKey: .schemaVersion)
            try container.encode(file, forKey: .file)
            try container.encode(error, forKey: .error)
        }
    }
}

extension BatchEntry {
    /// Reads each file with `read` (a failure takes the file's place), prints them as JSON or through `describe`, and
    /// exits 1 when any file could not be read.
    static func report(_ files: [String], json: Bool, read: (String) throws -> Report, describe: (Report) -> String) throws {
        let entries: [BatchEntry<Report>] = files.map { file in
            do {
                return .report(try read(file))
            } catch {
                return .failure(file: file, error: "\(error)")
            }
        }
        if json {
            print(String(decoding: try JSONConvention.encoder(pretty: true).encode(entries), as: UTF8.self))
        } else {
            for entry in entries {
                switch entry {
                case .report(let report): print(describe(report))
                case let .failure(file, error): print("\(file): error: \(error)")
                }
            }
        }
        if entries.contains(where: \.isFailure) { throw ExitCode(1) }
    }
}
