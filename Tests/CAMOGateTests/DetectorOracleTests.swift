import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Our detectors against `scripts/oracles/gate_detections.py` (Python onnxruntime, Pillow pixels, OpenCV resizing,
/// the models' published decode) on every dev image: same boxes (IoU ≥ 0.9), same classes, same count — except
/// boxes whose score sits within `margin` of the threshold, where one-level resampling differences may tip them.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)
                && FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
struct DetectorOracleTests {
    struct Reference: Decodable {
        var images: [String: Entry]
        struct Entry: Decodable {
            var width: Int
            var height: Int
            var yunet: [[Double]]
            var yolox: [[Double]]
            var ultraface: [[Double]]
            var fastestdet: [[Double]]
        }
    }

    static let reference: Reference = {
        let data = try! Fixtures.data("gate/detections.json")
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    static func model(_ path: String) -> URL { Fixtures.modelsDirectory.appendingPathComponent(path) }

    /// Compares one image's detections; returns problems as text (empty when they agree).
    static func compare(
        ours: [Detection], theirs: [[Double]], classColumn: Int?, threshold: Double, margin: Double = 0.03
    ) -> [String] {
        var problems: [String] = []
        var unmatched = Array(ours.indices)
        for row in theirs {
            let box = Box(minX: row[0], minY: row[1], maxX: row[2], maxY: row[3])
            let cls = classColumn.map { Int(row[$0]) }
            let best = unmatched
                .filter { cls == nil || ours[$0].classIndex == cls }
                .max { ours[$0].box.intersectionOverUnion(with: box) < ours[$1].box.intersectionOverUnion(with: box) }
            if let best, ours[best].box.intersectionOverUnion(with: box) >= 0.9 {
                unmatched.removeAll { $0 == best }
            } else if row[4] > threshold + margin {
                problems.append("reference box \(row.prefix(6)) not found")
            }
        }
        for index in unmatched where Double(ours[index].score) > threshold + margin {
            problems.append("extra box \(ours[index].box) score \(ours[index].score) class \(ours[index].classIndex)")
        }
        return problems
    }

    @Test func detectorsMatchTheOnnxruntimeReferenceOnTheDevSet() async throws {
        let yunet = try YuNetFaceDetector(model: Self.model("face/yunet_2023mar.onnx"))
        let yolox = try YOLOXObjectDetector(model: Self.model("object/yolox_nano_416.onnx"))
        let ultraface = try UltraFaceDetector(model: Self.model("face/ultraface_rfb320.onnx"))
        let fastestdet = try FastestDetObjectDetector(model: Self.model("object/fastestdet.onnx"))
        var problems: [String] = []
        var boxes = (yunet: 0, yolox: 0, ultraface: 0, fastestdet: 0)
        for (path, entry) in Self.reference.images.sorted(by: { $0.key < $1.key }) {
            let image = try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path)).image
            #expect(image.width == entry.width && image.height == entry.height, "\(path)")
            let faces = try await yunet.detectFaces(in: image)
            problems += Self.compare(ours: faces, theirs: entry.yunet, classColumn: nil, threshold: 0.6).map { "\(path) yunet: \($0)" }
            let objects = try await yolox.detectObjects(in: image)
            problems += Self.compare(ours: objects, theirs: entry.yolox, classColumn: 5, threshold: 0.3).map { "\(path) yolox: \($0)" }
            let ultra = try await ultraface.detectFaces(in: image)
            problems += Self.compare(ours: ultra, theirs: entry.ultraface, classColumn: nil, threshold: 0.7).map { "\(path) ultraface: \($0)" }
            let fastest = try await fastestdet.detectObjects(in: image)
            problems += Self.compare(ours: fastest, theirs: entry.fastestdet, classColumn: 5, threshold: 0.65)
                .map { "\(path) fastestdet: \($0)" }
            boxes.yunet += entry.yunet.count
            boxes.yolox += entry.yolox.count
            boxes.ultraface += entry.ultraface.count
            boxes.fastestdet += entry.fastestdet.count
        }
        print("detector oracle: \(Self.reference.images.count) images, reference boxes \(boxes), problems \(problems.count)")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test func yunetKeypointsLandWhereTheReferencePutsThem() async throws {
        let yunet = try YuNetFaceDetector(model: Self.model("face/yunet_2023mar.onnx"))
        var worst = 0.0
        for (path, entry) in Self.reference.images where !entry.yunet.isEmpty {
            let image = try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(path)).image
            let faces = try await yunet.detectFaces(in: image)
            for row in entry.yunet {
                let box = Box(minX: row[0], minY: row[1], maxX: row[2], maxY: row[3])
                guard let face = faces.first(where: { $0.box.intersectionOverUnion(with: box) >= 0.9 }) else { continue }
                for k in 0..<5 {
                    let dx = face.keypoints[k].x - row[5 + 2 * k]
                    let dy = face.keypoints[k].y - row[6 + 2 * k]
                    worst = max(worst, (dx * dx + dy * dy).squareRoot() / max(1, box.width) )
                }
            }
        }
        print("yunet keypoints: worst distance \(worst) face widths")
        #expect(worst < 0.05)
    }
}
