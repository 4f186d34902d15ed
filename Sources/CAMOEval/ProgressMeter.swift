import Foundation

/// A one-line progress bar with rate and ETA: `[######----] 120/239  3.2 img/s  ETA 0:37  (40 cached)`.
public struct ProgressMeter: Sendable {
    public var total: Int
    public var width: Int

    public init(total: Int, width: Int = 30) {
        self.total = total
        self.width = width
    }

    public func line(done: Int, cached: Int, elapsedSeconds: Double) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0
        let eta = rate > 0 ? Self.clock(Double(total - done) / rate) : "?"
        return "[\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate)) img/s  ETA \(eta)  (\(cached) cached)"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
