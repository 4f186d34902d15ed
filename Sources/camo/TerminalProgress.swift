import CAMOEval
import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal, so logs and pipes stay clean.
final class TerminalProgress: Sendable {
    private let meter: ProgressMeter
    private let start = ContinuousClock.now
    private let enabled: Bool

    /// `enabled`: nil draws only on a terminal (`--progress`/`--no-progress` decide otherwise).
    init(total: Int, enabled: Bool? = nil) {
        meter = ProgressMeter(total: total)
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
    }

    var update: EvaluationRunner.Progress {
        { [self] done, _, cached in
            guard enabled else { return }
            let elapsed = (ContinuousClock.now - start) / .seconds(1)
            FileHandle.standardError.write(Data("\r\(meter.line(done: done, cached: cached, elapsedSeconds: elapsed))".utf8))
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
