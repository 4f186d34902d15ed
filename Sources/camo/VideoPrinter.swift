import CAMO
import CAMOVideo
import Foundation

/// Prints video results in the format `camo detect` was asked for: a table row with the suspicious seconds, one JSON
/// object per line, or CSV.
struct VideoPrinter {
    let format: DetectionPrinter.Format

    func header() {
        switch format {
        case .table: Swift.print(DetectionPrinter.row("video", "verdict", "p_fake", "basis", "frames", "why"))
        case .csv: Swift.print(DetectionPrinter.csvRow(["path", "verdict", "p_fake", "basis", "reason", "frames_judged", "tracks", "suspicious"]))
        case .jsonLines, .jsonArray: break
        }
    }

    func print(_ result: VideoResult) {
        let ranges = result.suspicious.map { range in
            String(format: "%.2f–%.2f s", range.start, range.end) + (range.track.map { " (face \($0))" } ?? "")
        }.joined(separator: "; ")
        switch format {
        case .jsonLines:
            if let data = try? JSONConvention.encoder().encode(result) { Swift.print(String(decoding: data, as: UTF8.self)) }
        case .jsonArray:
            break
        case .csv:
            Swift.print(DetectionPrinter.csvRow([result.id, result.verdict.rawValue, result.pFake.map { String(format: "%.6f", $0) } ?? "",
                                                 result.basis.rawValue, result.reason, String(result.frames.count),
                                                 String(result.tracks.count), ranges]))
        case .table:
            let frames = "\(result.frames.count) of \(result.framesDecoded), \(result.tracks.count) face track\(result.tracks.count == 1 ? "" : "s")"
            Swift.print(DetectionPrinter.row(result.id, result.verdict.rawValue, result.pFake.map { String(format: "%.3f", $0) } ?? "-",
                                             result.basis.rawValue, frames, result.reason + (ranges.isEmpty ? "" : " Look at: \(ranges).")))
        }
        fflush(nil)
    }

    func printArray(_ results: [VideoResult]) {
        if let data = try? JSONConvention.encoder(pretty: true).encode(results) { Swift.print(String(decoding: data, as: UTF8.self)) }
    }
}
