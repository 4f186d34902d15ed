import Foundation

/// One labelled image of a dataset.
public struct DatasetItem: Sendable, Hashable, Codable {
    /// The path as the dataset wrote it, relative to the dataset root: the image's identity in reports.
    public var id: String
    public var url: URL
    public var isFake: Bool
    /// Slice keys: `content`, `generator`, `source` and any extra manifest columns.
    public var attributes: [String: String]

    public init(id: String, url: URL, isFake: Bool, attributes: [String: String] = [:]) {
        self.id = id
        self.url = url
        self.isFake = isFake
        self.attributes = attributes
    }

    /// Reads a label cell: `fake`/`1`/`true`/`ai`/`synthetic`/`generated` or `real`/`0`/`false`/`authentic`.
    static func parseLabel(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "fake", "1", "true", "ai", "synthetic", "generated", "manipulated": true
        case "real", "0", "false", "authentic", "genuine", "camera": false
        default: nil
        }
    }
}
