import ArgumentParser
import CAMOEval
import CAMOMirror
import Foundation

struct MirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Make a synthetic twin of every real image: caption, moderate, generate, through the engines of a mirror.yaml.",
        discussion: "Writes a Hugging Face imagefolder (OUT/train/real, OUT/train/fake, OUT/train/metadata.jsonl) and "
            + "mirror-report.json/.md. Each fake has its twin's format, size and JPEG quality. Re-running the same command "
            + "resumes: finished pairs and refusals are kept, captions are not asked for twice. See docs/mirror.md."
    )

    @Argument(help: "The dataset: manifest CSV, ImageFolder (real/, fake/) or Hugging Face imagefolder; its real images are mirrored.")
    var dataset: String

    @Option(help: "The output folder.")
    var out: String

    @Option(help: "The engines, captioning, moderation and generator table (see docs/mirror.md).")
    var config: String

    @Option(help: "Mirror only part i of n (i/n) of the listing; give each part its own --out.")
    var shard: String?

    @Option(help: "Images in flight at once (default: the sum of the engines' concurrency).")
    var concurrency: Int?

    @Option(help: "Mirror at most this many real images.")
    var limit: Int?

    @Flag(help: "Ask the engines again for images they refused in an earlier run.")
    var retryRefused = false

    @Flag(help: "Write into a folder that holds another dataset's mirrors, replacing them.")
    var replace = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() async throws {
        if let concurrency, !(1...256).contains(concurrency) { throw ValidationError("--concurrency must be 1...256") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        let configuration = try MirrorConfiguration.load(contentsOf: URL(fileURLWithPath: config))
        let options = MirrorOptions(shard: try shard.map { try Shard(parsing: $0) }, concurrency: concurrency,
                                    retryRefused: retryRefused, replace: replace, limit: limit)
        let mirrorer = try Mirrorer(configuration: configuration, options: options)
        let data = try Dataset.load(at: URL(fileURLWithPath: dataset))
        let progress = TerminalProgress(enabled: progressOptions.choice)
        let report = try await mirrorer.mirror(data, into: URL(fileURLWithPath: out)) { done, total, resumed, note in
            progress.draw(done: done, total: total, cached: resumed, note: note)
        }
        progress.finish()
        print(String(format: "%d real images: %d mirrored (%d this run), %d left as before, in %.1f s",
                     report.realImages, report.mirrored, report.mirroredThisRun, report.resumed, report.seconds))
        for (reason, count) in report.refusedByReason.sorted(by: { $0.key < $1.key }) { print("  refused, \(reason): \(count)") }
        for (reason, count) in report.failedByReason.sorted(by: { $0.key < $1.key }) { print("  failed, \(reason): \(count) (re-run to retry)") }
        for time in report.stageTimes {
            print("  \(time.stage), \(time.engine): " + String(format: "p50 %.2f s, p90 %.2f s over %d", time.p50, time.p90, time.count))
        }
        print("report in \(out)/mirror-report.md")
        if !report.failedByReason.isEmpty { throw ExitCode(1) }
    }
}
