import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// The landmark model's compact cache: loading it maps the file instead of parsing dlib's, and gives
/// the very same landmarks; a damaged or stale one is rebuilt, never trusted, and never crashes.
@Suite(
    "Compact landmark model",
    .enabled(if: DebianLandmarkModel.isInstalled && FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.path))
)
struct CompactShapePredictorTests {
    static let model = ShapePredictor.defaultModelURL

    /// A few dev-set faces with their decoded images.
    static func faces(_ count: Int = 6) throws -> [(Image, FaceRectangle)] {
        let images = try DlibLandmarkFixtures.devSet().images.filter { !$0.faces.isEmpty }.prefix(count)
        return try images.map { expected in
            let image = try ImageDecoder.decode(contentsOf: Fixtures.devDataDirectory.appendingPathComponent(expected.path)).image
            return (image, expected.faces[0].rectangle)
        }
    }

    static func compactFile(in folder: URL) throws -> URL {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("dlib-shape-predictor-") })
        return folder.appendingPathComponent(name)
    }

    @Test func theMappedCompactModelGivesTheParsedModelsLandmarksExactly() throws {
        let folder = try Fixtures.temporaryDirectory()
        let parsed = try ShapePredictor(contentsOf: Self.model, compactCache: nil)
        let cold = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
        let compact = try Self.compactFile(in: folder)
        let warm = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
        #expect(warm.levelCount == parsed.levelCount && warm.treeCount == parsed.treeCount && warm.partCount == 68)
        for (image, face) in try Self.faces() {
            let expected = parsed.landmarks(in: image, face: face).points
            #expect(cold.landmarks(in: image, face: face).points == expected)
            #expect(warm.landmarks(in: image, face: face).points == expected)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: compact.path)[.size] as? Int ?? 0 > 60_000_000)
    }

    @Test func aDamagedCompactModelIsRebuiltFromDlibsFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        let parsed = try ShapePredictor(contentsOf: Self.model, compactCache: nil)
        _ = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
        let compact = try Self.compactFile(in: folder)
        let original = try Data(contentsOf: compact)
        let (image, face) = try #require(try Self.faces(1).first)
        let expected = parsed.landmarks(in: image, face: face).points
        // Cut short, and made from another file (its source digest changed).
        for damaged in [original.prefix(original.count - 1000), { var d = original; d[10] ^= 0xFF; return d }()] {
            try damaged.write(to: compact)
            let loaded = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
            #expect(loaded.landmarks(in: image, face: face).points == expected)
            #expect(try Data(contentsOf: compact) == original, "the damaged compact model was not rebuilt")
        }
    }

    /// Seeded byte edits in the compact file's counts, ranges, trees and splits: each load either
    /// refuses it (and parses dlib's file instead) or loads a structurally sound cascade that predicts
    /// without running out of its tables.
    @Test func mutatedCompactModelsNeverCrash() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
        let compact = try Self.compactFile(in: folder)
        let original = try Data(contentsOf: compact)
        // Everything before the leaf table: the header, the mean shape, anchors, deltas, trees and splits.
        let tables = 2_000_000
        let (image, face) = try #require(try Self.faces(1).first)
        var random = SeededGenerator(state: 20_261_209)
        for _ in 0..<12 {
            var variant = original
            for _ in 0..<4 {
                let position = Int.random(in: 40..<tables, using: &random)
                variant[position] ^= UInt8.random(in: 1...255, using: &random)
            }
            try variant.write(to: compact)
            let loaded = try ShapePredictor(contentsOf: Self.model, compactCache: folder)
            #expect(loaded.landmarks(in: image, face: face).points.count == 68)
        }
    }
}
