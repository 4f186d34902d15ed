import ArgumentParser
import CAMO

/// `--alpha` and `--beta`: the error budget of calibrated verdicts, overriding the pipeline's.
struct ErrorBudgetOptions: ParsableArguments {
    @Option(help: "Share of real images a calibrated verdict may call fake (default: the pipeline's, else 0.01).")
    var alpha: Double?

    @Option(help: "Share of fake images a calibrated verdict may call real (default: the pipeline's, else 0.05).")
    var beta: Double?

    func validate() throws {
        let defaults = ErrorBudget()
        if let problem = ErrorBudget(alpha: alpha ?? defaults.alpha, beta: beta ?? defaults.beta).problem {
            throw ValidationError("--\(problem)")
        }
    }

    /// Distinguishes cached predictions made under a budget from the flags.
    var cacheSuffix: String {
        (alpha.map { "/alpha=\($0)" } ?? "") + (beta.map { "/beta=\($0)" } ?? "")
    }

    func apply(to pipeline: inout Pipeline) {
        if let alpha { pipeline.errorBudget.alpha = alpha }
        if let beta { pipeline.errorBudget.beta = beta }
    }
}
