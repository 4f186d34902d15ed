import ArgumentParser
import CAMO
import CAMOForensics
import CAMOVision
import Foundation

/// `camo image metadata`: what an image's metadata says about where it came from.
struct ImageMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Read EXIF, XMP, IPTC, text chunks and C2PA manifests; report provenance and invisible watermarks."
    )

    @Argument(help: "JPEG, PNG or WebP files.")
    var files: [String]

    @Flag(help: "Print the metadata and reports as JSON.")
    var json = false

    @Flag(help: "Also decode the pixels and look for Stable Diffusion invisible watermarks.")
    var watermark = false

    @Option(help: "PEM file of trust anchors for C2PA signers (as c2pa-rs's trust_anchors); without it no signer is trusted.")
    var c2paTrustAnchors: String?

    @Option(help: "Time metadata + provenance (and, with --watermark, the watermark read) over this many runs per file; print medians.")
    var bench: Int?

    struct FileReport: Encodable {
        var schemaVersion = JSONConvention.schemaVersion
        var file: String
        var metadata: ImageMetadata
        var provenance: ProvenanceReport
        var watermark: WatermarkReport?
    }

    func run() async throws {
        if let bench {
            try runBenchmark(runs: max(1, bench))
            return
        }
        let validator = C2PAValidator(trustList: try c2paTrustAnchors.map { try C2PATrustList(contentsOf: URL(fileURLWithPath: $0)) })
        try BatchEntry<FileReport>.report(files, json: json, read: { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let metadata = try MetadataReader.read(data, c2paValidator: validator)
            let watermarkReport = watermark ? WatermarkAnalyzer().analyze(try Image(decoding: data)) : nil
            return FileReport(file: file, metadata: metadata, provenance: ProvenanceAnalyzer().analyze(metadata), watermark: watermarkReport)
        }, describe: Self.describe)
    }

    private static func describe(_ report: FileReport) -> String {
        var lines = ["\(report.file): \(report.metadata.container.rawValue)"]
        for text in report.metadata.texts { lines.append("  \(text.location): \(excerpt(text.text))") }
        for entry in report.metadata.exif { lines.append("  EXIF \(entry.ifd) \(entry.name): \(excerpt(entry.value))") }
        for packet in report.metadata.xmp {
            for (name, value) in packet.properties.sorted(by: { $0.key < $1.key }) { lines.append("  \(packet.source) \(name): \(excerpt(value))") }
        }
        for entry in report.metadata.iptc { lines.append("  IPTC \(entry.record):\(entry.dataset) \(entry.name): \(excerpt(entry.value))") }
        if let store = report.metadata.c2pa {
            lines.append("  C2PA validation: \(ProvenanceAnalyzer.validationSummary(store.validation))")
            for unchecked in store.validation?.unchecked ?? [] { lines.append("    not checked: \(unchecked)") }
            for manifest in store.manifests {
                lines.append("  C2PA \(manifest.label): generator \(manifest.claimGenerator ?? "unknown")")
                for action in manifest.actions {
                    lines.append("    \(action.action) \(action.digitalSourceType ?? "") \(action.softwareAgent ?? "")")
                }
                if let signer = manifest.signer { lines.append("    signer \(signer.certificateSubject ?? "unknown") [\(signer.algorithm ?? "?")]") }
            }
        }
        for note in report.metadata.notes { lines.append("  note: \(note)") }
        let provenance = report.provenance
        if provenance.applicable {
            lines.append("  provenance: generated (pFake \(provenance.pFake ?? 0))")
            for evidence in provenance.evidence {
                lines.append("    \(evidence.kind.rawValue) at \(evidence.location)\(evidence.generator.map { " [\($0)]" } ?? "")")
            }
        } else {
            lines.append("  provenance: not applicable (no generation evidence)")
        }
        if let watermark = report.watermark {
            let best = watermark.best.map { "\($0.payload) \($0.matchingBits)/\($0.length) bits, p=\($0.pValue)" } ?? watermark.notes.joined()
            lines.append("  watermark: \(watermark.applicable ? "detected" : "not detected") (\(best))")
        }
        return lines.joined(separator: "\n")
    }

    private static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 120 ? flat : String(flat.prefix(120)) + "…"
    }

    private func runBenchmark(runs: Int) throws {
        let clock = ContinuousClock()
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let analyzer = ProvenanceAnalyzer()
            var metadataTimes: [Duration] = []
            for _ in 0..<runs {
                metadataTimes.append(try clock.measure { _ = analyzer.analyze(try MetadataReader.read(data)) })
            }
            var line = "\(file) (\(data.count) bytes): metadata+provenance median \(Self.milliseconds(metadataTimes)) ms"
            if watermark {
                let image = try Image(decoding: data)
                let watermarkAnalyzer = WatermarkAnalyzer()
                var watermarkTimes: [Duration] = []
                for _ in 0..<runs { watermarkTimes.append(clock.measure { _ = watermarkAnalyzer.analyze(image) }) }
                line += "; watermark (\(image.width)×\(image.height)) median \(Self.milliseconds(watermarkTimes)) ms"
            }
            print(line + " over \(runs) runs")
        }
    }

    private static func milliseconds(_ times: [Duration]) -> String {
        String(format: "%.3f", TimingSummary(times.map(\.milliseconds)).median)
    }
}
