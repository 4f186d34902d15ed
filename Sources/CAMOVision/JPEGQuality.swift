import Foundation

/// The libjpeg quality setting a JPEG was most likely written with, read from its quantisation tables.
///
/// Encoders built on libjpeg (cameras' firmware often, Pillow, ImageMagick, browsers) scale the tables of the
/// JPEG standard's Annex K by the quality: the tables of every quality 1–100 are computed the way libjpeg's
/// `jpeg_set_quality` does and the closest to the file's is taken. Files whose tables were not made that way (many
/// cameras, Photoshop) get the nearest quality, with `isExact` false.
public struct JPEGQuality: Sendable, Equatable, Codable {
    /// 1...100.
    public var quality: Int
    /// Whether the file's tables are exactly libjpeg's tables for `quality`.
    public var isExact: Bool
    /// Mean absolute difference per coefficient between the file's tables and libjpeg's at `quality`.
    public var meanDifference: Double

    public init(quality: Int, isExact: Bool, meanDifference: Double) {
        self.quality = quality
        self.isExact = isExact
        self.meanDifference = meanDifference
    }

    /// Estimates the quality of the JPEG in `data`; `nil` when it is not a JPEG or has no quantisation table.
    public static func estimate(_ data: Data) throws(ImageDecodingError) -> JPEGQuality? {
        guard ImageFormat.detect(data) == .jpeg else { return nil }
        let parsed = try header(data)
        return estimate(tables: parsed.quantizationTables, slots: parsed.componentTableSlots)
    }

    /// The quantisation tables of the JPEG in `data` by slot, each in natural (row-major) order as Pillow lists them.
    public static func quantizationTables(_ data: Data) throws(ImageDecodingError) -> [Int: [Int]] {
        try header(data).quantizationTables
    }

    private static func header(_ data: Data) throws(ImageDecodingError) -> JPEGHeader {
        let header: Result<JPEGHeader, ImageDecodingError> = data.withUnsafeBytes { bytes in
            Result { () throws(ImageDecodingError) -> JPEGHeader in try JPEGHeader(ByteView(bytes)) }
        }
        return try header.get()
    }

    /// Luma is compared with Annex K's luminance table, chroma components with its chrominance table.
    static func estimate(tables: [Int: [Int]], slots: [Int]) -> JPEGQuality? {
        let used = slots.isEmpty ? Array(tables.keys.sorted().prefix(2)) : slots
        var pairs: [(file: [Int], base: [Int])] = []
        for (component, slot) in used.enumerated() {
            guard let table = tables[slot] else { continue }
            if pairs.contains(where: { $0.file == table }) { continue }
            pairs.append((table, component == 0 ? luminance : chrominance))
        }
        guard !pairs.isEmpty else { return nil }
        var best: (quality: Int, difference: Int)?
        for quality in stride(from: 100, through: 1, by: -1) {
            var difference = 0
            for pair in pairs {
                for index in 0..<64 { difference += abs(pair.file[index] - scaled(pair.base[index], quality: quality)) }
            }
            if best == nil || difference < best!.difference { best = (quality, difference) }
        }
        guard let best else { return nil }
        return JPEGQuality(quality: best.quality, isExact: best.difference == 0,
                           meanDifference: Double(best.difference) / Double(64 * pairs.count))
    }

    /// libjpeg's `jpeg_quality_scaling` and `jpeg_add_quant_table` with `force_baseline`.
    static func scaled(_ base: Int, quality: Int) -> Int {
        let scale = quality < 50 ? 5000 / quality : 200 - quality * 2
        return min(max((base * scale + 50) / 100, 1), 255)
    }

    /// Annex K.1, natural order.
    static let luminance = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]
    static let chrominance = [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ]
    /// Position in natural order of the k-th coefficient in zigzag order.
    static let zigzag = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ]
}
