import CAMOVision
import Foundation

/// A PNG grid of a prepared dataset: one row per subset, the same source images in the same columns, so each
/// transform can be compared with `none` at a glance. A strip under each thumbnail gives the label (green real,
/// red fake); landmarks, when drawn, are the stored crop landmarks (yellow dots).
public struct ContactSheet: Sendable {
    public struct Options: Sendable {
        /// Thumbnail side in pixels. Default 64.
        public var thumbnailSide: Int
        /// Images per row. Default 12.
        public var columns: Int
        /// Which split to show; default nil, the first split (in name order) of the first subset.
        public var split: String?
        /// Draw each row's stored landmarks on its thumbnails. Default false.
        public var drawsLandmarks: Bool

        public init(thumbnailSide: Int = 64, columns: Int = 12, split: String? = nil, drawsLandmarks: Bool = false) {
            self.thumbnailSide = thumbnailSide
            self.columns = columns
            self.split = split
            self.drawsLandmarks = drawsLandmarks
        }
    }

    /// The sheet and the subset of each row, top to bottom.
    public struct Rendering: Sendable {
        public var image: Image
        public var subsets: [String]
        public var split: String
        public var files: [String]
    }

    private struct Row: Decodable {
        var fileName: String
        var label: Int
        var landmarks: [[Double]]?

        enum CodingKeys: String, CodingKey {
            case label, landmarks
            case fileName = "file_name"
        }
    }

    static let gap = 2
    static let strip = 4

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func render(preparedAt root: URL) throws(PreparationError) -> Rendering {
        guard (8...512).contains(options.thumbnailSide), (1...100).contains(options.columns) else {
            throw .invalidOption("thumbnails must be 8–512 px and columns 1–100")
        }
        let manager = FileManager.default
        let subsets = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "masks" }
            .filter { subset in
                ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(subset).path)) ?? [])
                    .contains { manager.fileExists(atPath: root.appendingPathComponent("\(subset)/\($0)/metadata.jsonl").path) }
            }
            .sorted { Self.order($0) < Self.order($1) }
        guard let first = subsets.first else {
            throw .unreadableOutput(path: root.path, reason: "no <subset>/<split>/metadata.jsonl found")
        }
        let split: String
        if let chosen = options.split { split = chosen } else { split = try Self.firstSplit(of: root.appendingPathComponent(first)) }
        var tables: [[String: Row]] = []
        for subset in subsets { tables.append(try Self.rows(root.appendingPathComponent("\(subset)/\(split)/metadata.jsonl"))) }
        let files = Array((tables.first ?? [:]).keys.sorted().prefix(options.columns))

        let side = options.thumbnailSide
        let cellWidth = side + Self.gap, cellHeight = side + Self.strip + Self.gap
        var sheet = Image(width: Self.gap + max(1, files.count) * cellWidth, height: Self.gap + subsets.count * cellHeight,
                          fill: (255, 255, 255))
        for (rowIndex, subset) in subsets.enumerated() {
            for (column, file) in files.enumerated() {
                guard let row = tables[rowIndex][file] else { continue }
                let url = root.appendingPathComponent("\(subset)/\(split)/\(file)")
                guard let image = try? ImageDecoder.decode(contentsOf: url).image else { continue }
                let x = Self.gap + column * cellWidth, y = Self.gap + rowIndex * cellHeight
                let scale = Double(side) / Double(max(image.width, image.height))
                let size = Size(width: max(1, Int(Double(image.width) * scale)), height: max(1, Int(Double(image.height) * scale)))
                guard let thumbnail = try? image.resized(to: size, method: .area) else { continue }
                Self.paste(thumbnail, into: &sheet, x: x, y: y)
                Self.fill(&sheet, x: x, y: y + side, width: side, height: Self.strip, colour: row.label == 1 ? (200, 30, 30) : (30, 160, 60))
                if options.drawsLandmarks, let landmarks = row.landmarks {
                    for point in landmarks where point.count == 2 && point.allSatisfy({ $0.isFinite && abs($0) < 1e6 }) {
                        Self.fill(&sheet, x: x + Int(point[0] * scale), y: y + Int(point[1] * scale), width: 1, height: 1, colour: (255, 230, 0))
                    }
                }
            }
        }
        return Rendering(image: sheet, subsets: subsets, split: split, files: files)
    }

    private static func firstSplit(of subset: URL) throws(PreparationError) -> String {
        let manager = FileManager.default
        let splits = ((try? manager.contentsOfDirectory(atPath: subset.path)) ?? []).sorted()
        guard let split = splits.first(where: { manager.fileExists(atPath: subset.appendingPathComponent("\($0)/metadata.jsonl").path) })
        else { throw .unreadableOutput(path: subset.path, reason: "no split folder with a metadata.jsonl") }
        return split
    }

    /// `none` first, then the single transforms, levels and chain in the order `--transforms` lists them.
    private static func order(_ subset: String) -> (Int, String) {
        (PreparationTransform.names.firstIndex(of: subset) ?? PreparationTransform.names.count, subset)
    }

    private static func rows(_ url: URL) throws(PreparationError) -> [String: Row] {
        guard let data = try? Data(contentsOf: url) else { throw .readFailed(path: url.path, reason: "missing or unreadable") }
        var rows: [String: Row] = [:]
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let row = try? JSONDecoder().decode(Row.self, from: Data(line)) else {
                throw .unreadableOutput(path: url.path, reason: "line \(number + 1) is not a metadata row with file_name and label")
            }
            rows[row.fileName] = row
        }
        return rows
    }

    private static func paste(_ image: Image, into sheet: inout Image, x: Int, y: Int) {
        for row in 0..<image.height where y + row < sheet.height {
            for column in 0..<image.width where x + column < sheet.width {
                let source = (row * image.width + column) * 3, target = ((y + row) * sheet.width + x + column) * 3
                sheet.pixels[target] = image.pixels[source]
                sheet.pixels[target + 1] = image.pixels[source + 1]
                sheet.pixels[target + 2] = image.pixels[source + 2]
            }
        }
    }

    private static func fill(_ sheet: inout Image, x: Int, y: Int, width: Int, height: Int, colour: (UInt8, UInt8, UInt8)) {
        let top = max(0, y), left = max(0, x)
        for row in top..<max(top, min(sheet.height, y + height)) {
            for column in left..<max(left, min(sheet.width, x + width)) {
                let target = (row * sheet.width + column) * 3
                sheet.pixels[target] = colour.0
                sheet.pixels[target + 1] = colour.1
                sheet.pixels[target + 2] = colour.2
            }
        }
    }
}
