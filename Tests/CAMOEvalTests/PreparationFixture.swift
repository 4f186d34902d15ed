import CAMOEval
import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// A gate that finds the faces a test planted, keyed by image width, and aligns them with the real `FaceAligner`
/// exactly as `Gate` does; so the preparer's filtering and writing are tested without detector models.
struct PlantedFaceGate: ContentGate {
    var faces: [Int: [GateFace]]

    func decide(_ image: Image) async throws -> GateDecision {
        let found = faces[image.width] ?? []
        let aligner = try FaceAligner()
        var aligned: [AlignedFace] = []
        for face in found {
            guard let landmarks = face.landmarks else { break }
            aligned.append(try aligner.align(image, landmarks: FaceLandmarks(face: Gate.dlibRectangle(for: face.box), points: landmarks)))
        }
        return GateDecision(content: found.isEmpty ? .general : .face, faces: found, alignedFaces: aligned)
    }

    /// A face whose 68 points lie on an ellipse in the box, with the five alignment points where eyes, nose and mouth are.
    static func face(x: Double, y: Double, side: Double, score: Float = 0.9, landmarks: Bool = true) -> GateFace {
        var points = (0..<68).map { i in
            let angle = Double(i) / 68 * 2 * .pi
            return Point(x: x + side * (0.5 + 0.4 * cos(angle)), y: y + side * (0.5 + 0.45 * sin(angle)))
        }
        for (index, (px, py)) in [37: (0.35, 0.4), 44: (0.65, 0.4), 30: (0.5, 0.58), 49: (0.38, 0.76), 55: (0.62, 0.76)] {
            points[index] = Point(x: x + side * px, y: y + side * py)
        }
        return GateFace(box: Box(minX: x, minY: y, maxX: x + side, maxY: y + side), score: score, keypoints: [],
                        landmarks: landmarks ? points : nil, alignedFrom: landmarks ? "dlib68" : nil)
    }
}

/// A small dataset on disk: noise images of distinct widths (so the planted gate tells them apart), a corrupt file
/// and a listed file that does not exist.
struct PreparationFixture {
    let root: URL
    let dataset: Dataset

    struct Entry {
        var width: Int
        var height = 160
        var label: String
        var source: String
        var format = "png"
    }

    static let faceEntries = [
        Entry(width: 200, label: "real", source: "camera-a"),  // one usable face
        Entry(width: 210, label: "fake", source: "gen-b", format: "jpg"),  // two faces
        Entry(width: 220, label: "fake", source: "gen-b"),  // face too small
        Entry(width: 230, label: "real", source: "camera-a"),  // low score
        Entry(width: 240, label: "fake", source: "gen-c"),  // landmark outside
        Entry(width: 250, label: "real", source: "camera-d"),  // no face
        Entry(width: 260, label: "fake", source: "gen-c"),  // not aligned
    ]

    static let gate = PlantedFaceGate(faces: [
        200: [PlantedFaceGate.face(x: 50, y: 30, side: 100, score: 0.95)],
        210: [PlantedFaceGate.face(x: 20, y: 20, side: 90, score: 0.95), PlantedFaceGate.face(x: 130, y: 60, side: 60)],
        220: [PlantedFaceGate.face(x: 50, y: 50, side: 40)],
        230: [PlantedFaceGate.face(x: 50, y: 30, side: 100, score: 0.3)],
        240: [PlantedFaceGate.face(x: -30, y: 30, side: 100)],
        260: [PlantedFaceGate.face(x: 50, y: 30, side: 100, landmarks: false)],
    ])

    init(entries: [Entry] = Self.faceEntries, corrupt: Bool = true, missing: Bool = true) throws {
        root = try Fixtures.temporaryDirectory()
        var manifest = "path,label,content,generator,source\n"
        for (index, entry) in entries.enumerated() {
            var random = CAMOTesting.SeededGenerator(seed: UInt64(index + 1))
            let image = try Image(width: entry.width, height: entry.height,
                                  pixels: (0..<entry.width * entry.height * 3).map { _ in UInt8.random(in: 0...255, using: &random) })
            let name = "images/\(index).\(entry.format)"
            let data = entry.format == "png" ? try ImageEncoder.png(image) : try ImageEncoder.jpeg(image)
            try Self.write(data, to: root.appendingPathComponent(name))
            manifest += "\(name),\(entry.label),face,g\(index),\(entry.source)\n"
        }
        if corrupt {
            try Self.write(Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]), to: root.appendingPathComponent("images/corrupt.png"))
            manifest += "images/corrupt.png,real,face,camera,camera-x\n"
        }
        if missing { manifest += "images/gone.png,fake,face,g,gen-y\n" }
        try Self.write(Data(manifest.utf8), to: root.appendingPathComponent("manifest.csv"))
        dataset = try Dataset.load(at: root)
    }

    static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Every file under `folder` (relative path → bytes), without the resume state and reports.
    static func files(under folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
        let base = folder.standardizedFileURL.path.count + 1
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = String(url.standardizedFileURL.path.dropFirst(base))
            if path.hasPrefix(".camo-prepare") || path.hasPrefix("prepare-report") { continue }
            result[path] = try Data(contentsOf: url)
        }
        return result
    }

    /// The `metadata.jsonl` rows of one subset and split.
    static func rows(_ folder: URL, _ subset: String, _ split: String = "train") throws -> [[String: Any]] {
        let text = try String(contentsOf: folder.appendingPathComponent("\(subset)/\(split)/metadata.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}
