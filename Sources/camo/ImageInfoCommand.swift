import ArgumentParser
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

    /// One file's outcome, as printed with `--json`.
    struct Report: Encodable {
        var file: String
        var info: ImageInfo?
        var decodeMilliseconds: Double?
        var error: String?
    }

    func run() throws {
        let reports = files.map(Self.report)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
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
    }

    private static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
}
