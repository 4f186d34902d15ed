import Foundation

/// Locates committed test fixtures and the shared, read-only data the tests may use.
public enum Fixtures {
    /// The repository root, found from this file's location so tests work from any directory.
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // CAMOTesting
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
    }()

    /// `Tests/Fixtures/<relativePath>`.
    public static func url(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    }

    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The shared folder beside the checkout (`../shared`), where models and the dev set live.
    public static let sharedRoot: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// Models: `CAMO_MODELS`, else `../shared/models`.
    public static var modelsDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["CAMO_MODELS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return sharedRoot.appendingPathComponent("models")
    }

    /// The labelled development set: `CAMO_DEV_DATA`, else `../shared/data/dev`.
    public static var devDataDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["CAMO_DEV_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return sharedRoot.appendingPathComponent("data/dev")
    }

    /// A fresh temporary directory; tests never write anywhere else.
    public static func temporaryDirectory(_ prefix: String = "camo-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
