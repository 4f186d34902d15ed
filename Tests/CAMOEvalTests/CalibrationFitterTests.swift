import CAMO
import CAMOEval
import CAMOLearn
import CAMOTesting
import CAMOVision
import Foundation
import Testing

@Suite struct CalibrationFitterTests {
    /// Rows from `sources` sources, half of each class per source; `good` separates the classes, `noise` does not,
    /// `backwards` ranks them the wrong way round.
    static func rows(sources: Int = 10, perClassPerSource: Int = 4, seed: UInt64 = 3) -> [CalibrationRow] {
        var generator = CAMOTesting.SeededGenerator(seed: seed)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var rows: [CalibrationRow] = []
        for source in 0..<sources {
            for index in 0..<(2 * perClassPerSource) {
                let isFake = index % 2 == 1
                let good = isFake ? 0.45 + 0.55 * uniform() : 0.55 * uniform()
                rows.append(CalibrationRow(
                    id: "s\(source)/\(index)", isFake: isFake, group: "source-\(source)",
                    expertScores: ["good": good, "noise": uniform(), "backwards": 1 - good]))
            }
        }
        return rows
    }

    static func data(_ rows: [CalibrationRow]) -> CalibrationData {
        CalibrationData(dataset: "toy", sha256: "", images: rows.count, reals: rows.count(where: { !$0.isFake }),
                        fakes: rows.count(where: \.isFake), excluded: [:], generators: nil, groupedBy: "source",
                        groups: Set(rows.map(\.group)).count, folds: 5, transform: "reencode", prior: 0.5)
    }

    func fit(_ rows: [CalibrationRow], experts: [String] = ["good", "noise", "backwards"]) throws -> PipelineCalibration {
        try CalibrationFitter(options: .init(resamples: 300)).fit(
            rows, pipeline: "toy", aggregation: .max, experts: experts, data: Self.data(rows), provenance: [:])
    }

    @Test func aSeparatingExpertIsInformativeAndOnlyItMovesTheCombinedScore() throws {
        let calibration = try fit(Self.rows())
        let good = try #require(calibration.experts["good"])
        #expect(good.informative)
        #expect(try #require(good.aucInterval)[0] > 0.5)
        #expect(good.map.calibrated(0.9) > good.map.calibrated(0.1))
        for name in ["noise", "backwards"] {
            let entry = try #require(calibration.experts[name])
            #expect(!entry.informative, "\(name): \(entry.note)")
            #expect(entry.map.isConstant, "\(name) must get a flat map, never an inverted one")
        }
        #expect(calibration.combined.informative)
        #expect(calibration.combined.realScores?.count == 40 && calibration.combined.fakeScores?.count == 40)
        let thresholds = calibration.thresholds(alpha: 0.05, beta: 0.05)
        #expect(thresholds.fakeAbove != nil && thresholds.realBelow != nil)
    }

    @Test func withOnlyUninformativeExpertsNothingCanBeDecided() throws {
        let calibration = try fit(Self.rows(), experts: ["noise", "backwards"])
        #expect(!calibration.combined.informative)
        #expect(calibration.combined.images == 0)
        let thresholds = calibration.thresholds(alpha: 0.01, beta: 0.05)
        #expect(thresholds.fakeAbove == nil && thresholds.realBelow == nil)
    }

    @Test func theOutOfSourceScoresNeverSeeTheirOwnSource() throws {
        // One source holds only fakes whose scores are low: a map fitted with that source in it would learn them; out
        // of source, its images are scored by maps that never saw them, so they stay where the other sources put them.
        var rows = Self.rows()
        for index in 0..<8 {
            rows.append(CalibrationRow(id: "odd/\(index)", isFake: true, group: "odd", expertScores: ["good": 0.05]))
        }
        let calibration = try fit(rows, experts: ["good"])
        let fakeScores = try #require(calibration.combined.fakeScores)
        let lowest = try #require(fakeScores.first)
        #expect(lowest < 0.2, "the odd source's fakes look real to maps that never saw them")
    }

    @Test func refusesOneClassTooFewImagesAndOneGroup() {
        let rows = Self.rows()
        #expect(throws: CalibrationError.tooFewImages(reals: 40, fakes: 0, minimum: 20)) {
            try fit(rows.filter { !$0.isFake })
        }
        #expect(throws: CalibrationError.tooFewImages(reals: 12, fakes: 12, minimum: 20)) {
            try fit(Array(rows.prefix(24)))
        }
        let oneGroup = rows.map { row in var row = row; row.group = "all"; return row }
        #expect(throws: CalibrationError.tooFewGroups(groups: 1, groupedBy: "source")) { try fit(oneGroup) }
        #expect(CalibrationError.tooFewImages(reals: 40, fakes: 0, minimum: 20).description.contains("one class only"))
    }

    @Test func theFileRoundTripsAndRejectsWhatCannotBeUsed() throws {
        let calibration = try fit(Self.rows())
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("calibration.json")
        try calibration.write(to: url)
        #expect(try PipelineCalibration(contentsOf: url) == calibration)

        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"schema_version\" : 2", with: "\"schema_version\" : 9")
        try Data(text.utf8).write(to: url)
        #expect(throws: CalibrationFileError.self) { try PipelineCalibration(contentsOf: url) }
        try Data("{\"format\": \"camo-calibration\"".utf8).write(to: url)
        let error = try #require(throws: CalibrationFileError.self) { try PipelineCalibration(contentsOf: url) }
        #expect(error.description.contains(url.path))
    }
}

/// An expert whose score is the red channel's mean: images made redder are "more fake".
struct RednessExpert: Expert {
    let name = "redness"
    func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        let pixels = context.image.pixels
        var total = 0
        for index in stride(from: 0, to: pixels.count, by: 3) { total += Int(pixels[index]) }
        return ExpertOpinion(pFake: Double(total) / Double(pixels.count / 3) / 255)
    }
}

@Suite struct CalibrationSessionTests {
    /// Reals are bluish, fakes reddish, spread over `sources` sources; one fake carries a decisive stub verdict.
    func dataset(withSources: Bool) throws -> Dataset {
        let root = try Fixtures.temporaryDirectory()
        var manifest = withSources ? "path,label,source,generator\n" : "path,label\n"
        var generator = CAMOTesting.SeededGenerator(seed: 5)
        for index in 0..<60 {
            let isFake = index % 2 == 1
            let red = UInt8((isFake ? 110 : 40) + generator.below(100))
            try ImageEncoder.png(Image(width: 16, height: 16, fill: (red, 90, 90))).write(to: root.appendingPathComponent("\(index).png"))
            manifest += "\(index).png,\(isFake ? "fake" : "real")" + (withSources ? ",src\(index % 6),gen\(index % 3)" : "") + "\n"
        }
        try Data(manifest.utf8).write(to: root.appendingPathComponent("manifest.csv"))
        return try Dataset.load(at: root)
    }

    func session() throws -> CalibrationSession {
        let pipeline = Pipeline(name: "toy", gate: StubGate(), experts: [
            PipelineExpert(RednessExpert(), roles: [.general]),
            PipelineExpert(StubExpert("provenance", opinion: .notApplicable("nothing")), roles: [.evidence], decisive: true),
        ])
        return CalibrationSession(
            pipeline: pipeline,
            runner: EvaluationRunner(options: .init(augmentation: .reencode), cache: try PredictionCache(url: nil)),
            fitter: CalibrationFitter(options: .init(resamples: 200)))
    }

    @Test func calibratesAPipelineFromADatasetThroughTheReencodeTransform() async throws {
        let data = try dataset(withSources: true)
        let calibration = try await session().run(data, datasetName: "toy", systemHash: "h", provenance: ["command": "test"])
        #expect(calibration.data.transform == "reencode")
        #expect(calibration.data.groupedBy == "source" && calibration.data.groups == 6)
        #expect(calibration.data.generators == 3)
        #expect(calibration.data.images == 60 && calibration.data.reals == 30)
        #expect(calibration.experts.keys.sorted() == ["redness"], "evidence experts are not calibrated")
        #expect(calibration.experts["redness"]?.informative == true)
        #expect(calibration.data.summary == "60 images, 3 generators")
    }

    @Test func withoutASourceColumnEachImageIsItsOwnGroupAndTheFileSaysSo() async throws {
        let data = try dataset(withSources: false)
        let calibration = try await session().run(data, datasetName: "toy", systemHash: "h", provenance: [:])
        #expect(calibration.data.groups == 60)
        #expect(calibration.data.groupedBy.contains("no source column"))
        #expect(calibration.data.generators == nil)
    }
}
