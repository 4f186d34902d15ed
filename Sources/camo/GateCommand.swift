import ArgumentParser
import CAMO
import CAMOGate
import CAMOVision
import Foundation

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Show what the gate sees: faces, landmarks, aligned crops, objects, content.",
        discussion: "With --bench, runs the whole gate repeatedly on each image and prints the median and p90."
    )

    @Argument(help: "Images.")
    var images: [String]

    @Option(help: "Pipeline YAML whose gate section to use (default: pipelines/default.yaml).")
    var pipeline: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Write PNGs with boxes, landmarks and the aligned crops into this folder.")
    var draw: String?

    @Flag(help: "Benchmark the gate instead of printing its decision.")
    var bench = false

    @Option(help: "Timed runs per image with --bench.")
    var runs = 20

    func run() async throws {
        let models = try ModelRegistry(contentsOf: CamoHome.registry)
        let configuration = try PipelineConfiguration(contentsOf: pipeline.map { URL(fileURLWithPath: $0) } ?? CamoHome.defaultPipeline)
        let gate = try configuration.makeGate(models: models)
        if let draw { try FileManager.default.createDirectory(atPath: draw, withIntermediateDirectories: true) }
        let encoder = JSONConvention.encoder()
        var failed = false
        for path in images {
            do {
                let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path)).image
                if bench {
                    try await benchmark(gate, image, path)
                    continue
                }
                let decision = try await gate.decide(image)
                if json {
                    let summary = Summary(image: path, content: decision.content, categories: decision.categories, faces: decision.faces,
                                          objects: decision.objects, notes: decision.notes, timingsMs: decision.timings)
                    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                } else {
                    let timings = decision.timings.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value)) ms" }
                    print("\(path): \(decision.content.rawValue); \(decision.faces.count) faces, \(decision.objects.count) objects"
                          + (decision.categories.isEmpty ? "" : " (\(decision.categories.joined(separator: ", ")))")
                          + "; " + timings.joined(separator: ", "))
                    for note in decision.notes { print("  note: \(note)") }
                }
                if let draw {
                    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".gate.png"
                    try ImageEncoder.png(try decision.overlay(on: image)).write(to: URL(fileURLWithPath: draw).appendingPathComponent(name))
                }
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func benchmark(_ gate: Gate, _ image: Image, _ path: String) async throws {
        _ = try await gate.decide(image)
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = clock.now
            _ = try await gate.decide(image)
            times.append((clock.now - start).milliseconds)
        }
        let summary = TimingSummary(times)
        print(String(format: "%@ (%d×%d): gate median %.1f ms, p90 %.1f ms, min %.1f ms over %d runs",
                     path, image.width, image.height, summary.median, summary.p90, summary.minimum, summary.count))
    }

    private struct Summary: Encodable {
        var schemaVersion = JSONConvention.schemaVersion
        var image: String
        var content: GateContent
        var categories: [String]
        var faces: [GateFace]
        var objects: [GateObject]
        var notes: [String]
        var timingsMs: [String: Double]
    }
}
