import CAMOEval
import CAMOTesting
import Foundation
import Testing

struct DatasetTests {
    func write(_ text: String, _ name: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func manifestKeepsExtraColumnsAndCountsMissingFiles() throws {
        let root = try Fixtures.temporaryDirectory()
        try write("x", "a/one.png", in: root)
        try write("x", "b/two.jpg", in: root)
        try write("path,label,content,camera\na/one.png,fake,face,\"x, y\"\nb/two.jpg,real,general,z\nc/gone.png,real,face,z\n",
                  "list.csv", in: root)
        let dataset = try Dataset.load(at: root.appendingPathComponent("list.csv"))
        #expect(dataset.layout == .manifest)
        #expect(dataset.items.map(\.id) == ["a/one.png", "b/two.jpg"])
        #expect(dataset.items.map(\.isFake) == [true, false])
        #expect(dataset.items[0].attributes == ["content": "face", "camera": "x, y"])
        #expect(dataset.missing == [Dataset.MissingFile(path: "c/gone.png", line: 4)])
    }

    @Test func badRowsNameTheirLine() throws {
        let root = try Fixtures.temporaryDirectory()
        try write("x", "one.png", in: root)
        try write("path,label\n\"one.png\",fake\n\"two\nlines.png\",real\nthree.png,maybe\n", "bad.csv", in: root)
        #expect(throws: EvaluationError.malformedRow(file: "bad.csv", line: 5, reason: "label 'maybe' is neither real nor fake")) {
            try Dataset.load(at: root.appendingPathComponent("bad.csv"))
        }
        try write("path,label\none.png,fake,extra\n", "wide.csv", in: root)
        #expect(throws: EvaluationError.malformedRow(file: "wide.csv", line: 2, reason: "3 fields, the header has 2")) {
            try Dataset.load(at: root.appendingPathComponent("wide.csv"))
        }
        try write("file,label\none.png,fake\n", "nopath.csv", in: root)
        #expect(throws: EvaluationError.missingColumn(file: "nopath.csv", column: "path")) {
            try Dataset.load(at: root.appendingPathComponent("nopath.csv"))
        }
        try write("path,label\n\"one.png,fake\n", "open.csv", in: root)
        #expect(throws: EvaluationError.malformedRow(file: "open.csv", line: 2, reason: "unterminated quoted field")) {
            try Dataset.load(at: root.appendingPathComponent("open.csv"))
        }
    }

    @Test func imageFolderAtAnyDepth() throws {
        let root = try Fixtures.temporaryDirectory()
        try write("x", "real/r1.jpg", in: root)
        try write("x", "fake/sdxl/deep/f1.png", in: root)
        try write("x", "fake/notes.txt", in: root)
        let dataset = try Dataset.load(at: root)
        #expect(dataset.layout == .imageFolder)
        #expect(dataset.items.map(\.id) == ["real/r1.jpg", "fake/sdxl/deep/f1.png"])
        #expect(dataset.items.map(\.isFake) == [false, true])
        #expect(dataset.items[1].attributes["source"] == "sdxl")
    }

    @Test func huggingFaceMetadataCSVAndJSONL() throws {
        let csvRoot = try Fixtures.temporaryDirectory()
        try write("x", "train/a.png", in: csvRoot)
        try write("file_name,label,generator\ntrain/a.png,1,flux\n", "metadata.csv", in: csvRoot)
        let csv = try Dataset.load(at: csvRoot)
        #expect(csv.layout == .huggingFace)
        #expect(csv.items.first?.isFake == true && csv.items.first?.attributes["generator"] == "flux")

        let jsonRoot = try Fixtures.temporaryDirectory()
        try write("x", "a.png", in: jsonRoot)
        try write("x", "b.png", in: jsonRoot)
        try write("{\"file_name\": \"a.png\", \"label\": 0}\n{\"file_name\": \"b.png\", \"label\": \"fake\", \"source\": \"x\"}\n",
                  "metadata.jsonl", in: jsonRoot)
        let jsonl = try Dataset.load(at: jsonRoot)
        #expect(jsonl.items.map(\.isFake) == [false, true])
        #expect(jsonl.items[1].attributes == ["source": "x"])
        try write("{\"file_name\": \"a.png\", \"label\": 0}\nnot json\n", "metadata.jsonl", in: jsonRoot)
        #expect(throws: EvaluationError.malformedRow(file: "metadata.jsonl", line: 2, reason: "not a JSON object")) {
            try Dataset.load(at: jsonRoot)
        }
    }

    @Test func unknownLayoutAndMissingPathAreErrors() throws {
        let root = try Fixtures.temporaryDirectory()
        #expect(throws: EvaluationError.unrecognisedLayout(path: root.path)) { try Dataset.load(at: root) }
        let nowhere = root.appendingPathComponent("nowhere")
        #expect(throws: EvaluationError.datasetNotFound(path: nowhere.path)) { try Dataset.load(at: nowhere) }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.appendingPathComponent("manifest.csv").path)))
    func devManifestLoads() throws {
        let dataset = try Dataset.load(at: Fixtures.devDataDirectory)
        #expect(dataset.items.count + dataset.missing.count == 239)
        #expect(dataset.items.count(where: \.isFake) >= 100)
    }
}
