import CAMO
import CAMOEval
import CAMOGate
import CAMOTesting
import CAMOVision
import Foundation
import Testing

struct DatasetPreparerTests {
    typealias Fixture = PreparationFixture

    func faces(_ filter: PrepareOptions.FaceFilter = .init(), transforms: String = "none", splits: SplitPlan = .trainOnly,
               shard: Shard? = nil, resume: Bool = false) throws -> DatasetPreparer {
        try DatasetPreparer(options: PrepareOptions(mode: .faces(filter), transforms: PreparationTransform.list(parsing: transforms),
                                                    splits: splits, shard: shard, concurrency: 3, resume: resume),
                            gate: Fixture.gate)
    }

    @Test func facePipelineWritesTheGatesAlignedCropsLandmarksAndMasks() async throws {
        let fixture = try Fixture()
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        let report = try await faces(.init(minimumScore: 0.5)).prepare(fixture.dataset, into: out)

        let rows = try Fixture.rows(out, "none")
        #expect(rows.compactMap { $0["file_name"] as? String } == ["000000_f0.png", "000001_f0.png"])
        #expect(rows.compactMap { $0["label"] as? Int } == [0, 1])
        let aligner = try FaceAligner()
        for row in rows {
            let index = try #require(row["source_index"] as? Int)
            let source = try ImageDecoder.decode(contentsOf: fixture.dataset.items[index].url).image
            let planted = try #require(Fixture.gate.faces[source.width]?.first)
            let landmarks = try #require(planted.landmarks)
            let expected = try aligner.align(source, landmarks: FaceLandmarks(face: Gate.dlibRectangle(for: planted.box), points: landmarks))
            let written = try ImageDecoder.decode(contentsOf: out.appendingPathComponent("none/train/\(row["file_name"] as? String ?? "")"))
            #expect(written.image == expected.image)
            let mask = try ImageDecoder.decode(contentsOf: out.appendingPathComponent(try #require(row["mask_file"] as? String))).image
            #expect(stride(from: 0, to: mask.pixels.count, by: 3).map { mask.pixels[$0] } == expected.mask.pixels)
            // The stored matrix maps the stored crop landmarks back onto the source landmarks as dlib reports them
            // (rounded to whole pixels, which is what the aligner fits and carries).
            let matrix = try AffineTransform(rowMajor: try #require(row["alignment"] as? [Double])).inverted()
            let stored = try #require(row["landmarks"] as? [[Double]])
            #expect(stored.count == 68)
            let rounded = FaceLandmarks(face: Gate.dlibRectangle(for: planted.box), points: landmarks).dlibRoundedPoints
            for (point, original) in zip(stored, rounded) {
                let back = matrix.apply(to: Point(x: point[0], y: point[1]))
                #expect(abs(back.x - original.x) < 1e-3 && abs(back.y - original.y) < 1e-3)
            }
            #expect(row["face_index"] as? Int == 0)
            #expect(row["transform"] as? String == "none")
            #expect(row["source_file"] as? String == fixture.dataset.items[index].id)
            #expect(row["generator"] as? String == "g\(index)")
        }
        #expect(report.skippedByReason == [
            "face too small": 1, "face score too low": 1, "landmarks outside the image": 1, "no face": 1, "face not aligned": 1,
            "corrupt or unsupported image": 1, "missing file": 1,
        ])
        #expect(report.sourceImages == 9)
        #expect(report.preparedImages == 2)
        #expect(report.counts == [.init(subset: "none", split: "train", label: "fake", images: 1),
                                  .init(subset: "none", split: "train", label: "real", images: 1)])
        let markdown = try String(contentsOf: out.appendingPathComponent("prepare-report.md"), encoding: .utf8)
        #expect(markdown.contains("| `images/gone.png` | missing file | listed on line 10 |"))
        let json = try JSONConvention.decoder().decode(PreparationReport.self, from: Data(contentsOf: out.appendingPathComponent("prepare-report.json")))
        #expect(json == report)
    }

    @Test func everyFaceKeepsEachUsableFaceLargestFirst() async throws {
        let fixture = try Fixture(corrupt: false, missing: false)
        let out = try Fixtures.temporaryDirectory()
        _ = try await faces(.init(minimumSide: 50, largestOnly: false)).prepare(fixture.dataset, into: out)
        let names = try Fixture.rows(out, "none").compactMap { $0["file_name"] as? String }
        #expect(names == ["000000_f0.png", "000001_f0.png", "000001_f1.png", "000003_f0.png"])
    }

    @Test func faceShareAndScoreFiltersCountTheirReason() async throws {
        let fixture = try Fixture(corrupt: false, missing: false)
        let out = try Fixtures.temporaryDirectory()
        // 100×100 of 200×160 is 0.31 of the image; 100×100 of 230×160 is 0.27, 90×90 of 210×160 is 0.24.
        let report = try await faces(.init(minimumShare: 0.3)).prepare(fixture.dataset, into: out)
        #expect(try Fixture.rows(out, "none").compactMap { $0["file_name"] as? String } == ["000000_f0.png"])
        #expect(report.skippedByReason == ["face too small": 5, "no face": 1])
    }

    @Test func eachTransformIsItsOwnSubsetFromTheSameCrops() async throws {
        let fixture = try Fixture(corrupt: false, missing: false)
        let out = try Fixtures.temporaryDirectory()
        let report = try await faces(transforms: "none,hflip,L2").prepare(fixture.dataset, into: out)
        #expect(Set(report.counts.map(\.subset)) == ["none", "hflip", "L2"])
        let none = try ImageDecoder.decode(contentsOf: out.appendingPathComponent("none/train/000000_f0.png")).image
        let flipped = try ImageDecoder.decode(contentsOf: out.appendingPathComponent("hflip/train/000000_f0.png")).image
        #expect(flipped == none.flippedHorizontally())
        let l2 = try Fixture.rows(out, "L2").first
        let steps = try #require(l2?["transform_steps"] as? [String])
        #expect(steps.contains { $0.hasPrefix("severity") } && steps.last == "JPEG q75")
        // Every output is encoded alike (PNG) although image 1 came as JPEG.
        #expect(try Fixture.files(under: out).keys.filter { !$0.hasSuffix(".png") && !$0.hasSuffix(".jsonl") }.isEmpty)
    }

    @Test func aRerunSkipsFinishedOutputsAndRepairsChangedOnes() async throws {
        let fixture = try Fixture()
        let out = try Fixtures.temporaryDirectory()
        let first = try await faces(transforms: "none,noise").prepare(fixture.dataset, into: out)
        let before = try Fixture.files(under: out)
        let again = try await faces(transforms: "none,noise").prepare(fixture.dataset, into: out)
        #expect(again.resumedImages == 7)  // every image that was decoded; the corrupt one is retried
        #expect(again.counts == first.counts)
        #expect(try Fixture.files(under: out) == before)

        // A damaged output fails its hash check and is made again, to the same bytes.
        let damaged = out.appendingPathComponent("noise/train/000001_f0.png")
        try Data("not a png".utf8).write(to: damaged)
        let repaired = try await faces(transforms: "none,noise").prepare(fixture.dataset, into: out)
        #expect(repaired.resumedImages == 6)
        #expect(try Fixture.files(under: out) == before)

        // Dropping a transform removes its subset's files.
        _ = try await faces(transforms: "none").prepare(fixture.dataset, into: out)
        #expect(try Fixture.files(under: out).keys.allSatisfy { !$0.hasPrefix("noise/") })
    }

    @Test func anOutputFolderHoldingSomethingElseIsRefusedUnlessResumed() async throws {
        let fixture = try Fixture(corrupt: false, missing: false)
        let foreign = try Fixtures.temporaryDirectory()
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        await #expect(throws: PreparationError.outputHoldsOtherData(
            path: foreign.path, reason: "is not empty and was not written by camo dataset prepare")) {
            try await faces().prepare(fixture.dataset, into: foreign)
        }

        let out = try Fixtures.temporaryDirectory()
        _ = try await faces().prepare(fixture.dataset, into: out)
        let other = try Fixture(entries: Array(Fixture.faceEntries.prefix(2)), corrupt: false, missing: false)
        do {
            _ = try await faces().prepare(other.dataset, into: out)
            Issue.record("a different dataset was written into a prepared folder")
        } catch let error as PreparationError {
            #expect("\(error)".contains("already holds a different dataset"))
        }
        do {
            _ = try await faces(.init(minimumSide: 10)).prepare(fixture.dataset, into: out)
            Issue.record("other options were written into a prepared folder")
        } catch let error as PreparationError {
            #expect("\(error)".contains("prepared with other options"))
        }
        // With resume the other dataset replaces the first: nothing of the first is left behind.
        let report = try await faces(resume: true).prepare(other.dataset, into: out)
        #expect(report.outputs == 2)
        #expect(Set(try Fixture.files(under: out).keys) == ["none/train/000000_f0.png", "none/train/000001_f0.png",
                                                            "none/train/metadata.jsonl", "masks/000000_f0.png", "masks/000001_f0.png"])
    }

    @Test func splitsKeepEverySourceInOneSplitAndShardsAddUpToTheWhole() async throws {
        let entries = (0..<24).map { Fixture.Entry(width: 200, height: 160, label: $0 % 2 == 0 ? "real" : "fake", source: "s\($0 % 6)") }
        let fixture = try Fixture(entries: entries, corrupt: false, missing: false)
        let plan = try SplitPlan(parsing: "train=0.5,val=0.25,test=0.25")
        let whole = try Fixtures.temporaryDirectory()
        _ = try await faces(splits: plan).prepare(fixture.dataset, into: whole)
        var splitOfSource: [String: Set<String>] = [:]
        for split in ["train", "val", "test"] {
            for row in (try? Fixture.rows(whole, "none", split)) ?? [] {
                splitOfSource[row["source"] as? String ?? "", default: []].insert(split)
            }
        }
        #expect(splitOfSource.count == 6)
        #expect(splitOfSource.values.allSatisfy { $0.count == 1 })

        var union: [String: Data] = [:]
        for index in 0..<3 {
            let part = try Fixtures.temporaryDirectory()
            _ = try await faces(splits: plan, shard: try Shard(parsing: "\(index)/3")).prepare(fixture.dataset, into: part)
            for (path, data) in try Fixture.files(under: part) where !path.hasSuffix("metadata.jsonl") { union[path] = data }
        }
        #expect(union == (try Fixture.files(under: whole)).filter { !$0.key.hasSuffix("metadata.jsonl") })
    }

    @Test func generalPipelineCutsWindowsWithoutResampling() async throws {
        let fixture = try Fixture(entries: [.init(width: 100, height: 70, label: "fake", source: "a", format: "jpg"),
                                            .init(width: 40, height: 70, label: "real", source: "b")],
                                  corrupt: false, missing: false)
        let centre = try Fixtures.temporaryDirectory()
        let options = { (crop: PrepareOptions.GeneralCrop, encoding: PrepareOptions.Encoding) in
            PrepareOptions(mode: .general(crop), encoding: encoding, concurrency: 2)
        }
        let report = try await DatasetPreparer(options: options(.init(placement: .centre, size: 48), .png), gate: nil)
            .prepare(fixture.dataset, into: centre)
        #expect(report.skippedByReason == ["image smaller than the crop": 1])
        let source = try ImageDecoder.decode(contentsOf: fixture.dataset.items[0].url).image
        let written = try ImageDecoder.decode(contentsOf: centre.appendingPathComponent("none/train/000000_c0.png")).image
        #expect(written.pixels == Self.window(of: source, x: 26, y: 11, side: 48))
        #expect(try Fixture.rows(centre, "none").first?["crop"] as? [Int] == [26, 11, 48, 48])

        let tiles = try Fixtures.temporaryDirectory()
        _ = try await DatasetPreparer(options: options(.init(placement: .tiles, size: 32, maximumTiles: 5), .jpeg(quality: 90)), gate: nil)
            .prepare(fixture.dataset, into: tiles)
        let rows = try Fixture.rows(tiles, "none")
        // 100×70 holds 3×2 tiles, of which the first 5 in reading order are kept; 40×70 holds 1×2.
        #expect(rows.compactMap { $0["file_name"] as? String } == ["000000_t0.jpg", "000000_t1.jpg", "000000_t2.jpg", "000000_t3.jpg",
                                                                  "000000_t4.jpg", "000001_t0.jpg", "000001_t1.jpg"])
        #expect(rows.compactMap { $0["crop"] as? [Int] }[4] == [32, 32, 32, 32])
        let tile = try ImageDecoder.decode(contentsOf: tiles.appendingPathComponent("none/train/000000_t4.jpg")).image
        let expected = try ImageDecoder.decode(ImageEncoder.jpeg(try Image(width: 32, height: 32, pixels: Self.window(of: source, x: 32, y: 32, side: 32)),
                                                                 options: JPEGEncodingOptions(quality: 90))).image
        #expect(tile == expected)
    }

    /// The window by plain indexing, independent of `Image.cropped`.
    static func window(of image: Image, x: Int, y: Int, side: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for row in y..<y + side {
            let start = (row * image.width + x) * 3
            pixels += image.pixels[start..<start + side * 3]
        }
        return pixels
    }

    @Test func badOptionsAreRefusedBeforeAnythingIsWritten() throws {
        #expect(throws: PreparationError.self) { try DatasetPreparer(options: .init(mode: .faces(.init())), gate: nil) }
        #expect(throws: PreparationError.self) { try DatasetPreparer(options: .init(mode: .general(.init(size: 2))), gate: nil) }
        #expect(throws: PreparationError.self) {
            try DatasetPreparer(options: .init(mode: .general(.init()), encoding: .jpeg(quality: 0)), gate: nil)
        }
        #expect(throws: PreparationError.self) { try DatasetPreparer(options: .init(mode: .faces(.init(minimumShare: 2))), gate: Fixture.gate) }
        #expect(throws: PreparationError.self) { try DatasetPreparer(options: .init(mode: .general(.init()), concurrency: 0), gate: nil) }
    }

    @Test func splitPlansParseStrictlyAndDrawTheirFractions() throws {
        for bad in ["train=0.8,val=0.1", "train=0.5,train=0.5", "train=x", "tr ain=1", "masks=1", "", "train=1.5,val=-0.5"] {
            #expect(throws: PreparationError.self, "\(bad)") { try SplitPlan(parsing: bad) }
        }
        let plan = try SplitPlan(parsing: "train=0.8,val=0.1,test=0.1")
        var counts: [String: Int] = [:]
        for group in 0..<20_000 { counts[plan.split(forGroup: "source-\(group)", seed: 9), default: 0] += 1 }
        #expect(abs(Double(counts["train", default: 0]) / 20_000 - 0.8) < 0.01)
        #expect(abs(Double(counts["val", default: 0]) / 20_000 - 0.1) < 0.01)
        #expect(plan.split(forGroup: "a", seed: 9) == plan.split(forGroup: "a", seed: 9))
        #expect(SplitPlan.trainOnly.split(forGroup: "anything", seed: 1) == "train")
    }

    @Test func atomicWritesLeaveNoTemporaryFilesAndFailWithTheirPath() throws {
        let folder = try Fixtures.temporaryDirectory()
        let target = folder.appendingPathComponent("a/b.bin")
        try AtomicFileWriter.write(Data([1, 2, 3]), to: target)
        try AtomicFileWriter.write(Data([4, 5]), to: target)
        #expect(try Data(contentsOf: target) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["b.bin"])

        // A folder that cannot exist (its parent is a file) is a typed error naming the path.
        let blocked = target.appendingPathComponent("c.bin")
        #expect(throws: PreparationError.self) { try AtomicFileWriter.write(Data([1]), to: blocked) }
        do {
            try AtomicFileWriter.write(Data([1]), to: blocked)
        } catch {
            #expect(error.description.contains(target.path))
        }

        // A temporary file left by a killed run is cleared on the next claim, finished files are kept.
        try Data([9]).write(to: folder.appendingPathComponent("a/.b.bin.123.456.part"))
        AtomicFileWriter.removeLeftovers(under: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["b.bin"])
    }
}
