import CAMO
import CAMOServer
import CAMOTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

/// `GET /v1/pipeline` on the shipped pipeline lists each model it runs, as `models/registry.yaml` describes it
/// (read here with Yams, not with CAMO's registry reader).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.appendingPathComponent("face").path)))
struct PipelineModelsEndpointTests {
    @Test func theDefaultPipelineListsEveryModelWithItsDigestAndLicence() async throws {
        let root = Fixtures.repositoryRoot
        let registry = try ModelRegistry(contentsOf: root.appendingPathComponent("models/registry.yaml"), directory: Fixtures.modelsDirectory)
        // Without the landmark model, so the test does not parse dlib's 100 MB file (the CAMO tests cover that entry).
        let pipeline = try Pipeline.load(contentsOf: root.appendingPathComponent("pipelines/default.yaml"), models: registry,
                                         landmarkModel: URL(fileURLWithPath: "/nonexistent/landmarks.dat"))
        let (_, app) = makeApplication(pipeline)

        let registryYAML = try Yams.load(yaml: String(contentsOf: root.appendingPathComponent("models/registry.yaml"), encoding: .utf8))
        // name → the fields /v1/pipeline must repeat, as JSON values.
        var registeredFields: [String: [String: JSONValue]] = [:]
        for entry in ((registryYAML as? [String: Any])?["models"] as? [[String: Any]]) ?? [] {
            guard let name = entry["name"] as? String else { continue }
            registeredFields[name] = [
                "file": .string(entry["file"] as? String ?? ""), "sha256": .string(entry["sha256"] as? String ?? ""),
                "bytes": .number(Double(entry["bytes"] as? Int ?? -1)), "licence": .string(entry["licence"] as? String ?? ""),
                "research_only": .bool(entry["research_only"] as? Bool ?? false),
            ]
        }
        let registered = registeredFields
        let expected = try Self.modelUses(root.appendingPathComponent("pipelines/default.yaml"))

        try await app.test(.router) { client in
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            try await client.execute(uri: "/v1/pipeline", method: .get) { response in
                let description = try JSONValue(response.body)
                let document = try OpenAPISchema(yaml: spec)
                let problems = document.violations(description, try document.responseSchema(path: "/v1/pipeline", method: "get", status: 200))
                #expect(problems.isEmpty, "\(problems)")

                let models = description["models"]?.array ?? []
                #expect(models.map { $0["used_by"]?.string ?? "" } == expected.map(\.usedBy))
                #expect(models.map { $0["name"]?.string ?? "" } == expected.map(\.name))
                for model in models {
                    let fields = try #require(registered[model["name"]?.string ?? ""], "\(model)")
                    for (key, value) in fields { #expect(model[key] == value, "\(key) of \(model)") }
                }
                #expect(models.contains { $0["name"] == .string("tiny_ladeda") && $0["research_only"] == .bool(true) })
            }
        }
    }

    /// (used_by, registry name) for the gate's detectors and each expert's `options.model`, from the pipeline file.
    static func modelUses(_ file: URL) throws -> [(usedBy: String, name: String)] {
        let pipeline = try Yams.load(yaml: String(contentsOf: file, encoding: .utf8)) as? [String: Any] ?? [:]
        let gate = pipeline["gate"] as? [String: Any] ?? [:]
        var uses: [(usedBy: String, name: String)] = [("gate.face_detector", gate["face_detector"] as? String ?? ""),
                                                      ("gate.object_detector", gate["object_detector"] as? String ?? "")]
        for expert in pipeline["experts"] as? [[String: Any]] ?? [] {
            if let model = (expert["options"] as? [String: Any])?["model"] as? String {
                uses.append(("experts.\(expert["name"] as? String ?? "")", model))
            }
        }
        return uses
    }
}
