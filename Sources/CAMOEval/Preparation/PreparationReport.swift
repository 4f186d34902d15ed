import CAMO
import Foundation

/// What a preparation run did: `prepare-report.json` and `prepare-report.md`.
public struct PreparationReport: Sendable, Codable, Equatable {
    /// Images written for one (subset, split, label).
    public struct Count: Sendable, Codable, Equatable {
        public var subset: String
        public var split: String
        public var label: String
        public var images: Int

        public init(subset: String, split: String, label: String, images: Int) {
            self.subset = subset
            self.split = split
            self.label = label
            self.images = images
        }
    }

    /// A source image that gave nothing, and why.
    public struct Skipped: Sendable, Codable, Equatable {
        public var file: String
        public var reason: SkipReason
        public var detail: String?
    }

    /// `JSONConvention.schemaVersion` of the report.
    public var schemaVersion: Int? = JSONConvention.schemaVersion
    public var dataset: String
    public var layout: String
    public var mode: String
    public var transforms: [String]
    public var splits: String
    public var seed: UInt64
    public var encoding: String
    public var shard: String?
    /// Source images this run was responsible for (the shard's share), including those listed but missing.
    public var sourceImages: Int
    /// Source images with at least one output.
    public var preparedImages: Int
    /// Source images whose outputs were already finished and were skipped.
    public var resumedImages: Int
    public var outputs: Int
    public var seconds: Double
    public var counts: [Count]
    /// Skipped source images per reason.
    public var skippedByReason: [String: Int]
    public var skipped: [Skipped]

    /// Source images per second over the whole run.
    public var imagesPerSecond: Double { seconds > 0 ? Double(sourceImages) / seconds : 0 }

    public func json() throws -> Data {
        try JSONConvention.encoder(pretty: true).encode(self) + Data("\n".utf8)
    }

    public func markdown() -> String {
        var lines = [
            "# Prepared dataset", "",
            "- input: `\(dataset)` (\(layout))",
            "- mode: \(mode)",
            "- transforms: \(transforms.joined(separator: ", "))",
            "- splits: \(splits), seed \(seed), encoding \(encoding)" + (shard.map { ", shard \($0)" } ?? ""),
            "- source images: \(sourceImages); prepared \(preparedImages) (\(resumedImages) already finished); outputs \(outputs)",
            String(format: "- time: %.1f s (%.2f source images/s)", seconds, imagesPerSecond),
            "", "## Images per subset, split and label", "", "| subset | split | label | images |", "| --- | --- | --- | ---: |",
        ]
        lines += counts.map { "| \($0.subset) | \($0.split) | \($0.label) | \($0.images) |" }
        lines += ["", "## Source images without output", ""]
        if skippedByReason.isEmpty {
            lines.append("None.")
        } else {
            lines += ["| reason | images |", "| --- | ---: |"]
            lines += skippedByReason.sorted { $0.key < $1.key }.map { "| \($0.key) | \($0.value) |" }
            lines += ["", "| file | reason | detail |", "| --- | --- | --- |"]
            lines += skipped.map { "| `\($0.file)` | \($0.reason.rawValue) | \(($0.detail ?? "").replacingOccurrences(of: "|", with: "\\|")) |" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
