import ArgumentParser
import CAMOGate
import CAMOVision
import Foundation

struct ImageLandmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landmarks",
        abstract: "Place dlib's 68 face landmarks in a given face box; optionally time it.",
        discussion: """
            The model is $\(ShapePredictor.modelEnvironmentVariable), else \(ShapePredictor.debianModelPath) \
            (Debian's libdlib-data; trained on iBUG 300-W, research use only). Prints the points as JSON; \
            with --runs, prints the median and minimum time of the model load and of one face's landmarks instead.
            """
    )

    @Argument(help: "An image file.")
    var file: String

    @Option(help: "The face box as left,top,right,bottom in pixels, edges inclusive (dlib's convention).")
    var face: String

    @Option(help: "The dlib shape predictor model file.")
    var model: String?

    @Option(help: "Timed runs of the landmark prediction (after one warm-up); 0 prints the points instead.")
    var runs = 0

    func validate() throws {
        _ = try faceRectangle()
        guard runs >= 0 else { throw ValidationError("--runs must not be negative") }
    }

    private func faceRectangle() throws -> FaceRectangle {
        let edges = face.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard edges.count == 4, let left = edges[0], let top = edges[1], let right = edges[2], let bottom = edges[3] else {
            throw ValidationError("--face must be four integers: left,top,right,bottom")
        }
        return FaceRectangle(left: left, top: top, right: right, bottom: bottom)
    }

    func run() throws {
        let modelURL = model.map { URL(fileURLWithPath: $0) } ?? ShapePredictor.defaultModelURL
        let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: file)).image
        let box = try faceRectangle()
        let clock = ContinuousClock()
        let loadStart = clock.now
        let predictor = try ShapePredictor(contentsOf: modelURL)
        let loadTime = (clock.now - loadStart).milliseconds

        guard runs > 0 else {
            let landmarks = predictor.landmarks(in: image, face: box)
            let points = landmarks.points.map { String(format: "[%.3f,%.3f]", $0.x, $0.y) }.joined(separator: ",")
            print("{\"face\":[\(box.left),\(box.top),\(box.right),\(box.bottom)],\"points\":[\(points)]}")
            return
        }
        _ = predictor.landmarks(in: image, face: box)
        var times: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            _ = predictor.landmarks(in: image, face: box)
            times.append((clock.now - start).milliseconds)
        }
        let summary = TimingSummary(times)
        print("\(file): \(image.width)×\(image.height), face \(box), \(predictor.partCount) points, "
            + "\(predictor.levelCount) levels, \(predictor.treeCount) trees")
        print("stage                  median ms     min ms   runs")
        print("model load (once)    \(String(format: "%10.3f %10.3f %6d", loadTime, loadTime, 1))")
        print("landmarks (one face) \(String(format: "%10.3f %10.3f %6d", summary.median, summary.minimum, runs))")
    }
}
