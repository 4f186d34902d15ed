import CAMO
import Foundation

/// Prints results in input order as they arrive (a table, JSON lines, or one JSON array at the end),
/// with a progress line on standard error when that is a terminal and the batch is more than a few images.
actor DetectionPrinter {
    enum Format { case table, jsonLines, jsonArray, csv }

    private let format: Format
    private let total: Int
    /// The pipeline's expert names: one CSV column each.
    private let expertNames: [String]
    private var pending: [Int: DetectionResult] = [:]
    private var nextToPrint = 0
    private var all: [DetectionResult] = []
    private var failures = 0
    /// Nil for a batch of a few images, where a bar would only flicker.
    private let progress: TerminalProgress?
    private let encoder = JSONConvention.encoder()

    init(format: Format, total: Int, expertNames: [String] = [], progress: Bool? = nil) {
        self.format = format
        self.total = total
        self.expertNames = expertNames
        self.progress = total > 3 ? TerminalProgress(total: total, enabled: progress) : nil
        switch format {
        case .table: print(Self.row("image", "verdict", "p_fake", "basis", "route", "why"))
        case .csv: print(Self.csvRow(["path", "verdict", "p_fake", "p_fake_raw", "basis", "reason", "route"] + expertNames))
        case .jsonLines, .jsonArray: break
        }
    }

    func add(_ result: DetectionResult, at index: Int) {
        if !result.errors.isEmpty { failures += 1 }
        pending[index] = result
        while let ready = pending.removeValue(forKey: nextToPrint) {
            emit(ready)
            nextToPrint += 1
        }
        progress?.draw(done: nextToPrint, total: total, cached: 0)
    }

    /// Prints what is left and returns how many images had errors.
    func finish() -> Int {
        progress?.finish()
        if format == .jsonArray {
            if let data = try? JSONConvention.encoder(pretty: true).encode(all) { print(String(decoding: data, as: UTF8.self)) }
        }
        return failures
    }

    private func emit(_ result: DetectionResult) {
        switch format {
        case .jsonArray:
            all.append(result)
        case .jsonLines:
            if let data = try? encoder.encode(result) { print(String(decoding: data, as: UTF8.self)) }
        case .csv:
            let number = { (value: Double?) in value.map { String(format: "%.6f", $0) } ?? "" }
            let scores = Dictionary(result.experts.map { ($0.name, $0.pFake) }, uniquingKeysWith: { first, _ in first })
            let route = result.route.map { "\($0.content?.rawValue ?? "?"): " + $0.experts.map(\.expert).joined(separator: "+") } ?? ""
            print(Self.csvRow([result.image.id, result.verdict.rawValue, number(result.pFake), number(result.pFakeRaw),
                               result.basis.rawValue, Self.why(result), route] + expertNames.map { number(scores[$0] ?? nil) }))
        case .table:
            let score = result.pFake.map { String(format: "%.3f", $0) } ?? "-"
            let route = result.route.map { route in
                "\(route.content?.rawValue ?? "?") → " + route.experts.map(\.expert).joined(separator: ", ")
            } ?? "-"
            print(Self.row(result.image.id, result.verdict.rawValue, score, result.basis.rawValue, route, Self.why(result)))
        }
        fflush(nil)
    }

    /// The result's own sentence, after the first error when there is one.
    private static func why(_ result: DetectionResult) -> String {
        result.errors.first.map { "\($0). \(result.reason)" } ?? result.reason
    }

    /// One RFC 4180 line: fields with a comma, quote or line break are quoted, quotes doubled. A field a spreadsheet
    /// would run as a formula (leading =, +, -, @) gets a leading apostrophe (OWASP's CSV-injection advice).
    static func csvRow(_ fields: [String]) -> String {
        fields.map { field in
            var text = field
            if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    static func row(_ columns: String...) -> String {
        let widths = [40, 9, 7, 18, 34]
        var line = ""
        for (index, column) in columns.enumerated() {
            guard index < widths.count else { line += column; break }
            let width = widths[index]
            let text = column.count > width ? "…" + column.suffix(width - 1) : column
            line += text.padding(toLength: width, withPad: " ", startingAt: 0) + " "
        }
        return line
    }
}
