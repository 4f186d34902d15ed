import CAMOEval
import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal (or `--progress` asks for it), so
/// logs and pipes stay clean.
final class TerminalProgress: Sendable {
    private let total: Int
    private let start = ContinuousClock.now
    private let enabled: Bool

    /// `enabled`: nil draws only on a terminal (`--progress`/`--no-progress` decide otherwise).
    init(total: Int = 0, enabled: Bool? = nil) {
        self.total = total
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
    }

    var update: EvaluationRunner.Progress {
        { [self] done, _, cached in draw(done: done, total: total, cached: cached) }
    }

    /// Redraws the bar; `note` follows it (e.g. "2 unusable").
    func draw(done: Int, total: Int, cached: Int, note: String = "") {
        guard enabled else { return }
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        let line = ProgressMeter(total: total).line(done: done, cached: cached, elapsedSeconds: elapsed)
        FileHandle.standardError.write(Data("\r\(line)\(note.isEmpty ? "" : "  \(note)")".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
