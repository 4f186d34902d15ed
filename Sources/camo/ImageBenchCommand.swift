import ArgumentParser
import CAMOVision
import Foundation

struct ImageBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time image stages (decode, …) on one file and print the median and minimum of several runs."
    )

    @Argument(help: "An image file.")
    var file: String

    @Option(help: "Timed runs per stage, after one untimed warm-up run.")
    var runs = 10

    /// A timed step. Adding a stage to the benchmark is one line in `stages(data:image:)`.
    struct Stage {
        var name: String
        var run: () throws -> Void
    }

    /// The stages timed for `data`, whose decoded form is `image`.
    func stages(data: Data, image: Image) -> [Stage] {
        [
            Stage(name: "decode") { _ = try ImageDecoder.decode(data) },
        ]
    }

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let data = try ImageDecoder.readFile(URL(fileURLWithPath: file))
        let decoded = try ImageDecoder.decode(data)
        let info = decoded.info
        let megapixels = Double(info.pixelCount) / 1e6
        print("\(file): \(info.format.name) \(info.colourModel), \(info.width)×\(info.height) (\(String(format: "%.1f", megapixels)) MP), \(data.count) bytes")
        // CPU time of this thread is shown beside wall time: on a busy machine it is the steadier measure.
        print("stage                 median ms     min ms   median CPU ms   runs")
        for stage in stages(data: data, image: decoded.image) {
            try stage.run()  // warm-up: page in the code and the allocator
            var wall: [Double] = []
            var cpu: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<runs {
                let cpuStart = threadCPUMilliseconds()
                let start = clock.now
                try stage.run()
                wall.append((clock.now - start).milliseconds)
                cpu.append(threadCPUMilliseconds() - cpuStart)
            }
            let name = stage.name.padding(toLength: 20, withPad: " ", startingAt: 0)
            let (w, c) = (TimingSummary(wall), TimingSummary(cpu))
            print("\(name) \(String(format: "%10.2f %10.2f %15.2f %6d", w.median, w.minimum, c.median, runs))")
        }
    }

    private func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
}
