import CAMOEval
import CAMOTesting
import CAMOVision
import Foundation
import Testing

struct ContactSheetTests {
    @Test func aRowPerSubsetWithTheSameImagesInTheSameColumns() async throws {
        let fixture = try PreparationFixture(corrupt: false, missing: false)
        let out = try Fixtures.temporaryDirectory()
        let options = PrepareOptions(mode: .faces(.init(minimumSide: 50, largestOnly: false)),
                                     transforms: try PreparationTransform.list(parsing: "hflip,none"), concurrency: 2)
        _ = try await DatasetPreparer(options: options, gate: PreparationFixture.gate).prepare(fixture.dataset, into: out)

        let rendering = try ContactSheet(options: .init(thumbnailSide: 32, columns: 3)).render(preparedAt: out)
        #expect(rendering.subsets == ["none", "hflip"])
        #expect(rendering.files == ["000000_f0.png", "000001_f0.png", "000001_f1.png"])
        #expect(rendering.image.width == 2 + 3 * 34)
        #expect(rendering.image.height == 2 + 2 * (32 + 4 + 2))
        // Row 1, column 2 is the hflip crop of image 1's second face, scaled by area; its strip is red (fake).
        let crop = try ImageDecoder.decode(contentsOf: out.appendingPathComponent("hflip/train/000001_f1.png")).image
        let thumbnail = try crop.resized(to: Size(width: 32, height: 32), method: .area)
        let x0 = 2 + 2 * 34, y0 = 2 + 38
        for y in 0..<32 {
            for x in 0..<32 {
                let sheet = rendering.image[x0 + x, y0 + y], thumb = thumbnail[x, y]
                #expect(sheet == thumb)
            }
        }
        #expect(rendering.image[x0 + 5, y0 + 33] == (200, 30, 30))
        #expect(rendering.image[2 + 5, 2 + 33] == (30, 160, 60))  // image 0 is real
    }

    @Test func aFolderWithoutMetadataIsATypedError() throws {
        let empty = try Fixtures.temporaryDirectory()
        #expect(throws: PreparationError.self) { try ContactSheet().render(preparedAt: empty) }
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("none/train"), withIntermediateDirectories: true)
        try Data("{not json\n".utf8).write(to: empty.appendingPathComponent("none/train/metadata.jsonl"))
        #expect(throws: PreparationError.self) { try ContactSheet().render(preparedAt: empty) }
        #expect(throws: PreparationError.self) { try ContactSheet(options: .init(thumbnailSide: 0)).render(preparedAt: empty) }
    }
}
