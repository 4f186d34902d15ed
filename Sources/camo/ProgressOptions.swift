import ArgumentParser

/// `--progress` / `--no-progress`: draw the progress bar on standard error even when it is not a terminal, or never.
/// Without either, it is drawn only on a terminal, so logs and pipes stay clean.
struct ProgressOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Draw progress on standard error (default: only when it is a terminal).")
    var progress: Bool?

    var choice: Bool? { progress }
}
