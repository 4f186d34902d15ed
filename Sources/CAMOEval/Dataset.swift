import Foundation

/// A labelled image set read from one of three layouts:
/// - a manifest CSV (`path,label` and optional slice columns; paths relative to the CSV),
///   or a folder holding `manifest.csv`;
/// - a Hugging Face `imagefolder` (`metadata.csv` or `metadata.jsonl` with `file_name` and a label column);
/// - an ImageFolder (`real/` and `fake/` subfolders, any depth).
/// Files that the listing names but that do not exist are collected in `missing`, not fatal.
public struct Dataset: Sendable {
    public enum Layout: String, Sendable, Codable {
        case manifest, huggingFace = "hf-imagefolder", imageFolder = "imagefolder"
    }

    public struct MissingFile: Sendable, Hashable, Codable {
        public var path: String
        /// The listing's line that names the file.
        public var line: Int?

        public init(path: String, line: Int?) {
            self.path = path
            self.line = line
        }
    }

    public var root: URL
    public var layout: Layout
    public var items: [DatasetItem]
    public var missing: [MissingFile]

    /// The columns the HF convention accepts as the label, in order of preference.
    static let labelColumns = ["label", "is_fake", "fake", "class"]
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "avif", "heic", "jxl"]
    /// The files an ImageFolder of videos lists (`camo eval video`).
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "webm", "mkv", "avi", "3gp"]

    public init(root: URL, layout: Layout, items: [DatasetItem], missing: [MissingFile]) {
        self.root = root
        self.layout = layout
        self.items = items
        self.missing = missing
    }

    /// Reads the dataset at `url`, picking the layout from what is there. An ImageFolder lists the files whose
    /// extension is one of `extensions` (images by default).
    public static func load(at url: URL, extensions: Set<String> = imageExtensions) throws(EvaluationError) -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .datasetNotFound(path: url.path)
        }
        if !isDirectory.boolValue { return try manifest(at: url) }
        let has = { (name: String) in FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
        if has("metadata.jsonl") { return try huggingFace(jsonl: url.appendingPathComponent("metadata.jsonl")) }
        if has("metadata.csv") { return try huggingFace(csv: url.appendingPathComponent("metadata.csv")) }
        if has("manifest.csv") { return try manifest(at: url.appendingPathComponent("manifest.csv")) }
        if has("real") || has("fake") { return try imageFolder(at: url, extensions: extensions) }
        throw .unrecognisedLayout(path: url.path)
    }

    /// A manifest CSV: `path` and `label` columns; every other column becomes a slice attribute.
    public static func manifest(at csv: URL) throws(EvaluationError) -> Dataset {
        let table = try CSVTable(parsing: readText(csv), file: csv.lastPathComponent)
        return try fromTable(table, file: csv, pathColumn: "path", layout: .manifest)
    }

    /// A Hugging Face `imagefolder` with `metadata.csv`.
    public static func huggingFace(csv: URL) throws(EvaluationError) -> Dataset {
        let table = try CSVTable(parsing: readText(csv), file: csv.lastPathComponent)
        return try fromTable(table, file: csv, pathColumn: "file_name", layout: .huggingFace)
    }

    /// A Hugging Face `imagefolder` with `metadata.jsonl`: one JSON object per line.
    public static func huggingFace(jsonl: URL) throws(EvaluationError) -> Dataset {
        let file = jsonl.lastPathComponent
        var header: [String] = []
        var rows: [CSVTable.Row] = []
        var objects: [(Int, [String: String])] = []
        for (offset, line) in readText(jsonl).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let data = trimmed.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .malformedRow(file: file, line: offset + 1, reason: "not a JSON object")
            }
            var cells: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let string as String: cells[key] = string
                case let number as NSNumber: cells[key] = number.stringValue
                default: cells[key] = "\(value)"
                }
                if !header.contains(key) { header.append(key) }
            }
            objects.append((offset + 1, cells))
        }
        header.sort()
        for (line, cells) in objects { rows.append(.init(line: line, fields: header.map { cells[$0] ?? "" })) }
        return try fromTable(CSVTable(header: header, rows: rows), file: jsonl, pathColumn: "file_name", layout: .huggingFace)
    }

    /// `real/` and `fake/` subfolders, searched to any depth; the first folder below them becomes the `source` slice.
    public static func imageFolder(at root: URL, extensions: Set<String> = imageExtensions) throws(EvaluationError) -> Dataset {
        var items: [DatasetItem] = []
        for (folder, isFake) in [("real", false), ("fake", true)] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            var found: [String] = []
            for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
                found.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
            for id in found.sorted() {
                let parts = id.split(separator: "/")
                var attributes: [String: String] = [:]
                if parts.count > 2 { attributes["source"] = String(parts[1]) }
                items.append(DatasetItem(id: id, url: root.appendingPathComponent(id), isFake: isFake, attributes: attributes))
            }
        }
        guard !items.isEmpty else { throw .emptyDataset(path: root.path) }
        return Dataset(root: root, layout: .imageFolder, items: items, missing: [])
    }

    private static func readText(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    private static func fromTable(_ table: CSVTable, file url: URL, pathColumn: String, layout: Layout) throws(EvaluationError) -> Dataset {
        let file = url.lastPathComponent
        let root = url.deletingLastPathComponent()
        let pathIndex = try table.index(of: pathColumn, file: file)
        guard let labelIndex = labelColumns.lazy.compactMap({ table.header.firstIndex(of: $0) }).first else {
            throw .missingColumn(file: file, column: "label")
        }
        var items: [DatasetItem] = []
        var missing: [MissingFile] = []
        var seen: Set<String> = []
        for row in table.rows {
            let path = row.fields[pathIndex].trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { throw .malformedRow(file: file, line: row.line, reason: "empty \(pathColumn)") }
            guard !path.hasPrefix("/") else {
                throw .malformedRow(file: file, line: row.line, reason: "path '\(path)' must be relative to the \(file)")
            }
            guard let isFake = DatasetItem.parseLabel(row.fields[labelIndex]) else {
                throw .malformedRow(file: file, line: row.line, reason: "label '\(row.fields[labelIndex])' is neither real nor fake")
            }
            guard seen.insert(path).inserted else {
                throw .malformedRow(file: file, line: row.line, reason: "'\(path)' is listed twice")
            }
            let imageURL = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: imageURL.path) else {
                missing.append(MissingFile(path: path, line: row.line))
                continue
            }
            var attributes: [String: String] = [:]
            for (index, column) in table.header.enumerated() where index != pathIndex && index != labelIndex {
                let value = row.fields[index].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { attributes[column] = value }
            }
            items.append(DatasetItem(id: path, url: imageURL, isFake: isFake, attributes: attributes))
        }
        guard !items.isEmpty || !missing.isEmpty else { throw .emptyDataset(path: url.path) }
        return Dataset(root: root, layout: layout, items: items, missing: missing)
    }
}
