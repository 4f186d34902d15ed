import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// The real gate on awkward images: each gets a valid decision, none crashes.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)
                && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path)))
struct GateEdgeCaseTests {
    static let gate: Gate = {
        let models = Fixtures.modelsDirectory
        let landmarks = FileManager.default.fileExists(atPath: ShapePredictor.defaultModelURL.path)
            ? try? ShapePredictor(contentsOf: ShapePredictor.defaultModelURL) : nil
        return try! Gate(
            faceDetector: YuNetFaceDetector(model: models.appendingPathComponent("face/yunet_2023mar.onnx")),
            objectDetector: YOLOXObjectDetector(model: models.appendingPathComponent("object/yolox_nano_416.onnx")),
            landmarkPredictor: landmarks)
    }()

    static func face() throws -> Image {
        try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(
            "real/deepface__tests__unit__dataset__img10.jpg")).image
    }

    @Test(arguments: [(1, 4000), (4000, 1), (1, 1), (7, 5), (33, 640)])
    func extremeShapesGetADecision(width: Int, height: Int) async throws {
        let decision = try await Self.gate.decide(Image.testPattern(width: width, height: height))
        #expect(decision.content == .general || decision.content == .face)
        #expect(decision.alignedFaces.count <= decision.faces.count)
    }

    @Test func greyscaleContentStillFindsTheFace() async throws {
        let face = try Self.face()
        var grey = face
        for i in stride(from: 0, to: grey.pixels.count, by: 3) {
            let r = Int(grey.pixels[i]) * 299
            let g = Int(grey.pixels[i + 1]) * 587
            let b = Int(grey.pixels[i + 2]) * 114
            let y = UInt8((r + g + b) / 1000)
            grey.pixels[i] = y
            grey.pixels[i + 1] = y
            grey.pixels[i + 2] = y
        }
        let decision = try await Self.gate.decide(grey)
        #expect(decision.content == .face)
        #expect(decision.alignedFaces.count == decision.faces.prefix(5).count)
    }

    @Test func aFaceCutByTheBorderIsStillAligned() async throws {
        let face = try Self.face()
        let original = try await Self.gate.decide(face)
        let box = try #require(original.faces.first).box
        // Keep only the right 60 % of the face: its left part and landmarks fall outside the image.
        let left = Int(box.minX + box.width * 0.4)
        let cut = try face.cropped(to: Rect(x: left, y: 0, width: face.width - left, height: face.height))
        let decision = try await Self.gate.decide(cut)
        #expect(!decision.alignedFaces.isEmpty)
        for aligned in decision.alignedFaces {
            #expect(aligned.image.width == 256 && aligned.image.height == 256)
        }
    }

    @Test func fiftyFacesAreFoundAndOnlyTheLargestAligned() async throws {
        let tile = try Self.face().resized(to: Size(width: 96, height: 96), method: .area)
        var mosaic = Image(width: 96 * 10, height: 96 * 5, fill: (0, 0, 0))
        for index in 0..<50 {
            let x = (index % 10) * 96
            let y = (index / 10) * 96
            for row in 0..<96 {
                let source = row * 96 * 3
                let target = ((y + row) * mosaic.width + x) * 3
                mosaic.pixels.replaceSubrange(target..<(target + 96 * 3), with: tile.pixels[source..<(source + 96 * 3)])
            }
        }
        let decision = try await Self.gate.decide(mosaic)
        print("fifty-face mosaic: \(decision.faces.count) faces found, \(decision.alignedFaces.count) aligned")
        #expect(decision.content == .face)
        #expect(decision.faces.count >= 25)
        #expect(decision.alignedFaces.count == 5)
    }
}
