import CAMOTesting
import Foundation

/// The expected values written by `scripts/oracles/forensics_metadata.py`.
struct FixtureExpectation: Decodable {
    struct Evidence: Decodable {
        var kind: String
        var generator: String?
        var location: String
    }

    struct PillowReading: Decodable {
        var text: [String: String]
        var exif: [String: String]
    }

    struct C2PAReading: Decodable {
        struct Action: Decodable {
            var action: String
            var digitalSourceType: String?
            var softwareAgent: String?
        }

        var label: String
        var manifestCount: Int
        var claimGeneratorNames: [String]
        var actions: [Action]
        var signerCommonName: String?
        var signerIssuer: String?
        var title: String?
    }

    var evidence: [Evidence]
    var applicable: Bool
    var pillow: PillowReading
    var c2pa: C2PAReading?
}

struct DevProvenanceExpectation: Decodable {
    var label: String
    var generatorMetadata: Bool
    var reasons: [String]
    var c2pa: FixtureExpectation.C2PAReading?
}

enum ForensicsOracle {
    static func fixtures() throws -> [String: FixtureExpectation] {
        try JSONDecoder().decode([String: FixtureExpectation].self, from: Fixtures.data("forensics/metadata/expected.json"))
    }

    static func devProvenance() throws -> [String: DevProvenanceExpectation] {
        try JSONDecoder().decode([String: DevProvenanceExpectation].self, from: Fixtures.data("forensics/dev-provenance.json"))
    }

    static var hasDevData: Bool {
        FileManager.default.fileExists(atPath: Fixtures.devDataDirectory.appendingPathComponent("fake").path)
    }
}
