import CAMO
import Foundation

/// `mirror-report.json` and `.md`: what a run made, what engines refused or failed, and how long each stage took.
public struct MirrorReport: Codable, Sendable {
    public struct StageTime: Codable, Sendable {
        public var stage: String
        public var engine: String
        public var count: Int
        public var p50: Double
        public var p90: Double
    }

    public struct Problem: Codable, Sendable {
        public var sourceFile: String
        public var stage: String
        public var reason: String
        public var detail: String

        enum CodingKeys: String, CodingKey {
            case stage, reason, detail
            case sourceFile = "source_file"
        }
    }

    public var schemaVersion = JSONConvention.schemaVersion
    public var dataset: String
    public var shard: String?
    /// Real images this run was asked to mirror.
    public var realImages: Int
    /// Pairs finished, from this run and earlier ones.
    public var mirrored: Int
    public var mirroredThisRun: Int
    /// Finished or refused in an earlier run and left alone.
    public var resumed: Int
    public var refusedByReason: [String: Int]
    /// This run's failures (not recorded: the next run tries them again).
    public var failedByReason: [String: Int]
    public var byModel: [String: Int]
    public var stageTimes: [StageTime]
    public var seconds: Double
    public var problems: [Problem]

    enum CodingKeys: String, CodingKey {
        case dataset, shard, mirrored, resumed, seconds, problems
        case schemaVersion = "schema_version"
        case realImages = "real_images"
        case mirroredThisRun = "mirrored_this_run"
        case refusedByReason = "refused_by_reason"
        case failedByReason = "failed_by_reason"
        case byModel = "by_model"
        case stageTimes = "stage_times"
    }

    /// p50 and p90 (nearest rank) per (stage, engine) over every finished pair's recorded times.
    static func stageTimes(_ records: [MirrorRecord]) -> [StageTime] {
        var samples: [String: [Double]] = [:]
        for record in records where record.stage == .mirrored {
            for (stage, seconds) in record.seconds {
                let engine = switch stage {
                case "caption": record.captionEngine ?? ""
                case "moderation": record.moderationEngine ?? ""
                default: "\(record.engine ?? "") \(record.model ?? "")"
                }
                samples["\(stage)\u{1F}\(engine)", default: []].append(seconds)
            }
        }
        let order = ["caption", "moderation", "generation", "encoding"]
        return samples.map { key, values in
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            return StageTime(stage: parts[0], engine: parts[1], count: values.count,
                             p50: Quantiles.nearestRank(0.5, of: values) ?? 0, p90: Quantiles.nearestRank(0.9, of: values) ?? 0)
        }.sorted { (order.firstIndex(of: $0.stage) ?? 9, $0.engine) < (order.firstIndex(of: $1.stage) ?? 9, $1.engine) }
    }

    public var markdown: String {
        var out = "# Mirror report\n\nDataset: `\(dataset)`" + (shard.map { ", shard \($0)" } ?? "") + "\n\n"
        out += "| | images |\n| --- | ---: |\n| real images | \(realImages) |\n| mirrored (all runs) | \(mirrored) |\n"
        out += "| mirrored this run | \(mirroredThisRun) |\n| left as finished or refused earlier | \(resumed) |\n"
        out += "| refused | \(refusedByReason.values.reduce(0, +)) |\n| failed this run | \(failedByReason.values.reduce(0, +)) |\n\n"
        out += String(format: "Run time %.1f s.\n\n", seconds)
        if !byModel.isEmpty {
            out += "## Mirrors per generator\n\n| model | pairs |\n| --- | ---: |\n"
            for (model, count) in byModel.sorted(by: { $0.key < $1.key }) { out += "| \(model) | \(count) |\n" }
            out += "\n"
        }
        for (title, counts) in [("Refusals by reason", refusedByReason), ("Failures by reason (retried by the next run)", failedByReason)] where !counts.isEmpty {
            out += "## \(title)\n\n| reason | images |\n| --- | ---: |\n"
            for (reason, count) in counts.sorted(by: { $0.key < $1.key }) { out += "| \(reason) | \(count) |\n" }
            out += "\n"
        }
        if !stageTimes.isEmpty {
            out += "## Seconds per image, by stage and engine\n\n| stage | engine | images | p50 | p90 |\n| --- | --- | ---: | ---: | ---: |\n"
            for time in stageTimes {
                out += "| \(time.stage) | \(time.engine) | \(time.count) | " + String(format: "%.3f | %.3f |\n", time.p50, time.p90)
            }
            out += "\n"
        }
        if !problems.isEmpty {
            out += "## Images not mirrored\n\n| image | stage | reason | detail |\n| --- | --- | --- | --- |\n"
            for problem in problems.prefix(200) {
                let detail = problem.detail.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
                out += "| \(problem.sourceFile) | \(problem.stage) | \(problem.reason) | \(detail) |\n"
            }
        }
        return out
    }
}
