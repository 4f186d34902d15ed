import CAMOTesting
import Foundation

/// `Tests/Fixtures/c2pa/expected.json`: what c2pa-rs concluded about each C2PA file, written by
/// `scripts/oracles/c2pa_validation.py`. Paths are relative to the repository root.
struct C2PAValidationOracle: Decodable {
    struct Reading: Decodable {
        struct ActiveManifest: Decodable {
            var success: [String]
            var informational: [String]
            var failure: [String]
        }

        var state: String?
        var statusCodes: [String]?
        var activeManifest: ActiveManifest?
        /// c2pa-rs's error kind when it could not read the file, e.g. `ManifestNotFound`.
        var error: String?
        /// For each ingredient assertion URI c2pa-rs reports on: `unknownProvenance`, `missing` or `manifest`.
        var ingredients: [String: String]?

        /// Every code c2pa-rs reported for the active manifest.
        var codes: Set<String> {
            guard let activeManifest else { return [] }
            return Set(activeManifest.success + activeManifest.informational + activeManifest.failure)
        }
    }

    struct Expectation: Decodable {
        var untrusted: Reading
        var trusted: Reading
    }

    var trustAnchors: [String]
    var files: [String: Expectation]

    static func load() throws -> C2PAValidationOracle {
        try JSONDecoder().decode(C2PAValidationOracle.self, from: Fixtures.data("c2pa/expected.json"))
    }

    static func url(_ path: String) -> URL {
        Fixtures.repositoryRoot.appendingPathComponent(path).standardizedFileURL
    }
}
