import Foundation

/// An RFC 4180 table: a header and rows, each row remembering the line of the file it started on.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    public init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// Parses `text`. Quoted fields may hold commas, doubled quotes and newlines; a row whose field count
    /// differs from the header's is an error naming its line.
    public init(parsing text: String, file: String) throws(EvaluationError) {
        var records: [Row] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
            atFieldStart = true
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else if c == "," {
                fields.append(field)
                field = ""
                atFieldStart = true
            } else if c == "\n" || c == "\r" {
                if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
            i += 1
        }
        if inQuotes { throw .malformedRow(file: file, line: recordLine, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw .malformedRow(file: file, line: 1, reason: "no header row") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            throw .malformedRow(file: file, line: row.line,
                                reason: "\(row.fields.count) fields, the header has \(header.count)")
        }
    }

    /// The index of `column`, or an error naming the file.
    public func index(of column: String, file: String) throws(EvaluationError) -> Int {
        guard let index = header.firstIndex(of: column) else { throw .missingColumn(file: file, column: column) }
        return index
    }
}
