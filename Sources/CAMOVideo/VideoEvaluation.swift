import CAMO
import CAMOEval
import Foundation

/// `camo eval video`: a pipeline on a labelled set of videos, measured per video and per judged frame (each frame
/// carries its video's label), with how often each verdict was given to each class.
public struct VideoEvaluation: Sendable {
    public struct Row: Sendable, Codable, Equatable {
        public var id: String
        public var isFake: Bool
        public var verdict: Verdict?
        public var basis: VerdictBasis?
        public var pFake: Double?
        public var frames: Int
        public var error: String?
    }

    public struct Report: Sendable, Codable {
        public var schemaVersion = JSONConvention.schemaVersion
        public var dataset: String
        public var pipeline: String
        public var sampling: FrameSampling
        public var videos: Int
        public var failed: Int
        /// Videos, by label then verdict (`fake` → `uncertain` → 3 …).
        public var verdicts: [String: [String: Int]]
        /// Per video: its p_fake (evidence's, else the median of its frames') against its label, threshold 0.5.
        public var perVideo: BinaryMetrics?
        /// Per judged frame: its p_fake against its video's label.
        public var perFrame: BinaryMetrics?
        /// The same with each frame's raw score, before calibration (a flat calibrated score ranks nothing).
        public var perFrameRaw: BinaryMetrics?
        public var seconds: Double
        public var rows: [Row]

        public var markdown: String {
            func metrics(_ m: BinaryMetrics?) -> String {
                guard let m else { return "| – | – | – | – | – |" }
                let f = { (x: Double?) in x.map { String(format: "%.3f", $0) } ?? "–" }
                return "| \(m.count) | \(m.positives) | \(f(m.rocAUC)) | \(f(m.averagePrecision)) | \(f(m.accuracy)) |"
            }
            var out = "# Video evaluation\n\nDataset `\(dataset)`, pipeline `\(pipeline)`: \(videos) videos (\(failed) could not be read), "
                + String(format: "%.1f s.\n\n", seconds)
            out += "| level | n | fake | ROC AUC | AP | accuracy at 0.5 |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
            out += "| per video " + metrics(perVideo) + "\n| per frame " + metrics(perFrame) + "\n| per frame, raw score " + metrics(perFrameRaw) + "\n\n"
            out += "| label | fake | real | uncertain |\n| --- | ---: | ---: | ---: |\n"
            for label in ["fake", "real"] {
                let counts = verdicts[label] ?? [:]
                out += "| \(label) | \(counts["fake"] ?? 0) | \(counts["real"] ?? 0) | \(counts["uncertain"] ?? 0) |\n"
            }
            out += "\n| video | label | verdict | basis | p_fake | frames |\n| --- | --- | --- | --- | ---: | ---: |\n"
            for row in rows {
                out += "| \(row.id) | \(row.isFake ? "fake" : "real") | \(row.verdict?.rawValue ?? "error: \(row.error ?? "")") | "
                    + "\(row.basis?.rawValue ?? "") | \(row.pFake.map { String(format: "%.3f", $0) } ?? "–") | \(row.frames) |\n"
            }
            return out
        }
    }

    public let detector: VideoDetector

    public init(detector: VideoDetector) { self.detector = detector }

    /// The videos of `url`: an ImageFolder's video files, or the entries of a manifest or imagefolder listing that
    /// have a video extension.
    public static func dataset(at url: URL) throws(EvaluationError) -> Dataset {
        var dataset = try Dataset.load(at: url, extensions: Dataset.videoExtensions)
        dataset.items = dataset.items.filter { Dataset.videoExtensions.contains($0.url.pathExtension.lowercased()) }
        guard !dataset.items.isEmpty else { throw .emptyDataset(path: url.path) }
        return dataset
    }

    public func evaluate(_ dataset: Dataset, progress: (@Sendable (Int, Int) -> Void)? = nil) async -> Report {
        let start = ContinuousClock.now
        var rows: [Row] = []
        var videoLabels: [Bool] = [], videoScores: [Double] = []
        var frameLabels: [Bool] = [], frameScores: [Double] = []
        var rawLabels: [Bool] = [], rawScores: [Double] = []
        var verdicts: [String: [String: Int]] = [:]
        for (index, item) in dataset.items.enumerated() {
            do {
                let result = try await detector.detect(path: item.url.path, id: item.id)
                rows.append(Row(id: item.id, isFake: item.isFake, verdict: result.verdict, basis: result.basis, pFake: result.pFake,
                                frames: result.frames.count, error: nil))
                verdicts[item.isFake ? "fake" : "real", default: [:]][result.verdict.rawValue, default: 0] += 1
                if let pFake = result.pFake {
                    videoLabels.append(item.isFake)
                    videoScores.append(pFake)
                }
                for frame in result.frames {
                    if let pFake = frame.pFake {
                        frameLabels.append(item.isFake)
                        frameScores.append(pFake)
                    }
                    if let raw = frame.pFakeRaw {
                        rawLabels.append(item.isFake)
                        rawScores.append(raw)
                    }
                }
            } catch {
                rows.append(Row(id: item.id, isFake: item.isFake, verdict: nil, basis: nil, pFake: nil, frames: 0, error: "\(error)"))
            }
            progress?(index + 1, dataset.items.count)
        }
        return Report(
            dataset: dataset.root.path, pipeline: detector.pipeline.name, sampling: detector.sampling, videos: dataset.items.count,
            failed: rows.filter { $0.error != nil }.count, verdicts: verdicts,
            perVideo: BinaryMetrics(labels: videoLabels, scores: videoScores, threshold: 0.5),
            perFrame: BinaryMetrics(labels: frameLabels, scores: frameScores, threshold: 0.5),
            perFrameRaw: BinaryMetrics(labels: rawLabels, scores: rawScores, threshold: 0.5),
            seconds: (ContinuousClock.now - start) / .seconds(1), rows: rows)
    }
}
