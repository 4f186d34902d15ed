import ArgumentParser
import CAMOEval
import CAMOVision
import Foundation

struct DatasetSheetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Draw a prepared dataset as a PNG grid: a row per subset, the same images in the same columns.",
        discussion: "Under each thumbnail a strip gives the label: green real, red fake. Rows: none first, then the transforms."
    )

    @Argument(help: "A folder written by camo dataset prepare.")
    var prepared: String

    @Option(help: "The PNG to write.")
    var out: String

    @Option(help: "Thumbnail side in pixels.")
    var thumbnail: Int = 64

    @Option(help: "Images per row.")
    var columns: Int = 12

    @Option(help: "Split to show (default: the first).")
    var split: String?

    @Flag(help: "Draw the stored landmarks on the thumbnails.")
    var landmarks = false

    func run() async throws {
        let sheet = ContactSheet(options: .init(thumbnailSide: thumbnail, columns: columns, split: split, drawsLandmarks: landmarks))
        let rendering = try sheet.render(preparedAt: URL(fileURLWithPath: prepared))
        try AtomicFileWriter.write(try ImageEncoder.png(rendering.image), to: URL(fileURLWithPath: out))
        print("\(out): \(rendering.image.width)×\(rendering.image.height), split \(rendering.split), rows "
              + rendering.subsets.joined(separator: ", ") + "; \(rendering.files.count) columns")
    }
}
