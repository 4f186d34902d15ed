import ArgumentParser
import CAMO
import CAMOForensics
import CAMOVision
import Foundation

struct ImageInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show format, size, orientation, alpha and metadata of image files, and how long each took to decode.",
        discussion: "Every file is reported; the exit status is 1 when any of them failed to decode."
    )

    @Argument(help: "Image files (JPEG, PNG, WebP; other formats are named and refused).")
    var files: [String]

    @Flag(help: "Print one JSON array instead of text.")
    var json = false

    @Flag(help: "Also read the metadata (EXIF, XMP, IPTC, text chunks, C2PA) and report provenance evidence.")
    var metadata = false

    /// One file's outcome, as printed with `--json`.
    struct Report: Encodable {
        var schemaVersion = JSONConvention.schemaVersion
        var file: String
        var info: ImageInfo?
        var decodeMilliseconds: Double?
        var error: String?
        var metadata: ImageMetadata?
        var provenance: ProvenanceReport?
    }

    func run() throws {
        let reports = files.map { path in
            var report = Self.report(path)
            if metadata, let read = try? MetadataReader.read(contentsOf: URL(fileURLWithPath: path)) {
                report.metadata = read
                report.provenance = ProvenanceAnalyzer().analyze(read)
            }
            return report
        }
        if json {
            print(String(decoding: try JSONConvention.encoder(pretty: true).encode(reports), as: UTF8.self))
        } else {
            reports.forEach(Self.printText)
        }
        if reports.contains(where: { $0.error != nil }) {
            throw ExitCode(1)
        }
    }

    static func report(_ path: String) -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let decoded = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path))
            return Report(file: path, info: decoded.info, decodeMilliseconds: (clock.now - start).milliseconds)
        } catch {
            return Report(file: path, error: error.description)
        }
    }

    static func printText(_ report: Report) {
        guard let info = report.info, let time = report.decodeMilliseconds else {
            FileHandle.standardError.write(Data("\(report.file): error: \(report.error ?? "unknown")\n".utf8))
            return
        }
        let layout = [info.colourModel, "\(info.bitDepth)-bit", info.isProgressive ? "progressive" : nil,
                      info.isAnimated ? "animated" : nil].compactMap { $0 }.joined(separator: ", ")
        let stored = info.orientation == 1 ? "" : " (stored \(info.storedWidth)×\(info.storedHeight))"
        print("""
            \(report.file)
              format       \(info.format.name) (\(layout))
              size         \(info.width)×\(info.height)\(stored)
              orientation  \(info.orientation)
              alpha        \(yesNo(info.hasAlpha))
              metadata     ICC \(yesNo(info.hasICCProfile)), EXIF \(yesNo(info.hasEXIF)), XMP \(yesNo(info.hasXMP))
              decode       \(String(format: "%.1f", time)) ms
            """)
        if let provenance = report.provenance {
            let verdict = provenance.applicable
                ? "evidence of generation (p_fake \(String(format: "%.2f", provenance.pFake ?? 0)))" : "no evidence of generation"
            print("  provenance   \(verdict)")
            for item in provenance.evidence + provenance.context {
                print("    \(item.location): \(item.detail)")
            }
            for note in provenance.notes { print("    note: \(note)") }
        }
    }

    private static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
}
