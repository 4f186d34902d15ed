import CAMO
import CAMOMirror
import CAMOTesting
import Foundation
import Testing

/// mirror.yaml: the generator table, size rules, workflows and every mistake named with its key.
struct MirrorConfigurationTests {
    static let valid = """
        engines:
          vlm: {kind: ollama, url: "http://gpu:11434", model: llava}
          comfy: {kind: comfyui, url: "http://gpu:8188"}
          a1111: {kind: automatic1111, url: "http://gpu:7860"}
        caption: {engine: vlm}
        moderation: {engine: vlm}
        models:
          - {name: sdxl, engine: comfy, workflow: WORKFLOW, steps: 30, guidance: 7}
          - {name: sd15, engine: a1111, by_image: true, denoise: 0.5, weight: 2}
        """

    static func load(_ yaml: String) throws -> MirrorConfiguration {
        let folder = try Fixtures.temporaryDirectory("camo-mirror-config")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mirror.yaml")
        let workflow = Fixtures.repositoryRoot.appendingPathComponent("mirror/workflows/sdxl-basic.json").path
        try yaml.replacingOccurrences(of: "WORKFLOW", with: workflow).write(to: file, atomically: true, encoding: .utf8)
        return try MirrorConfiguration.load(contentsOf: file)
    }

    static func error(_ yaml: String) -> ConfigurationError? {
        do {
            _ = try load(yaml)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func theDefaultsAreTheOriginals() throws {
        let configuration = try Self.load(Self.valid)
        #expect(configuration.caption.prompts == ["An image of", "The setting is", "The background is", "The image type/style is"])
        #expect(configuration.caption.mode == .structured && configuration.moderation?.prompt == ModerationConfiguration.originalPrompt)
        #expect(configuration.engines["vlm"]?.concurrency == 1 && configuration.engines["vlm"]?.timeout == 120)
        #expect(configuration.models[1].byImage && configuration.models[1].weight == 2 && configuration.retries.attempts == 5)
    }

    @Test func theExampleConfigurationLoads() throws {
        let configuration = try MirrorConfiguration.load(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("mirror/example.yaml"))
        #expect(configuration.models.map(\.name) == ["sdxl", "flux-schnell"])
        #expect(try Mirrorer(configuration: configuration).configuration.models.count == 2)
    }

    @Test(arguments: [
        ("kind: ollama, url", "kind: llamafile, url", "engines.vlm.kind"),
        ("caption: {engine: vlm}", "caption: {engine: nobody}", "caption.engine"),
        ("caption: {engine: vlm}", "caption: {engine: comfy}", "caption.engine"),
        ("caption: {engine: vlm}", "caption: {engine: vlm, modes: structured}", "caption.modes"),
        ("name: sd15, engine: a1111", "name: sd15, engine: vlm", "models[1].engine"),
        ("name: sd15, engine: a1111", "name: sdxl, engine: a1111", "models[1].name"),
        ("by_image: true", "by_image: yes please", "models[1].by_image"),
        ("denoise: 0.5", "denoise: 1.5", "models[1].denoise"),
        ("weight: 2", "weight: 0", "models[1].weight"),
        ("workflow: WORKFLOW, ", "", "models[0].workflow"),
        ("url: \"http://gpu:7860\"", "url: \"gpu:7860\"", "engines.a1111.url"),
        ("steps: 30", "steps: thirty", "models[0].steps"),
    ])
    func mistakesAreNamedByKey(_ edit: (String, String, String)) throws {
        #expect(Self.valid.contains(edit.0))
        let error = try #require(Self.error(Self.valid.replacingOccurrences(of: edit.0, with: edit.1)))
        #expect(error.keyPath == edit.2, "\(error)")
    }

    @Test func aWorkflowNeedsThePromptPlaceholderAndKnownOnesOnly() throws {
        let node = #"{"6": {"class_type": "CLIPTextEncode", "inputs": {"text": "TEXT"}}}"#
        #expect(throws: ConfigurationError.self) { try ComfyUIWorkflow(data: Data(node.replacingOccurrences(of: "TEXT", with: "a cat").utf8), file: "w.json") }
        #expect(throws: ConfigurationError.self) { try ComfyUIWorkflow(data: Data(node.replacingOccurrences(of: "TEXT", with: "{{prompt}} {{colour}}").utf8), file: "w.json") }
        #expect(throws: ConfigurationError.self) { try ComfyUIWorkflow(data: Data(#"{"nodes": [], "links": []}"#.utf8), file: "ui-format.json") }
        let workflow = try ComfyUIWorkflow(data: Data(node.replacingOccurrences(of: "TEXT", with: "photo: {{prompt}}, seed {{seed}}").utf8), file: "w.json")
        let filled = try workflow.filled(with: ["prompt": .string("a cat"), "seed": .integer(7)])
        let inputs = try #require(((filled["6"] as? [String: Any])?["inputs"]) as? [String: Any])
        #expect(inputs["text"] as? String == "photo: a cat, seed 7")
        #expect(throws: EngineFailure.self) { try workflow.filled(with: ["prompt": .string("a cat")]) }
    }

    @Test func sizesFollowTheTwinsAspectInTheModelsMultiples() {
        let rule = SizeRule(megapixels: 1, multipleOf: 64, minSide: 512, maxSide: 2048)
        for (width, height) in [(4000, 3000), (3000, 4000), (1920, 1080), (500, 500), (100, 2000)] {
            let size = rule.size(forWidth: width, height: height)
            #expect(size.width % 64 == 0 && size.height % 64 == 0)
            #expect((512...2048).contains(size.width) && (512...2048).contains(size.height))
            if max(width, height) / min(width, height) < 3 {
                let error = abs(log(Double(size.width) / Double(size.height)) - log(Double(width) / Double(height)))
                #expect(error < 0.07, "\(width)×\(height) → \(size)")
                #expect(abs(Double(size.width * size.height) / 1_000_000 - 1) < 0.1)
            }
        }
        let fixed = SizeRule(sizes: ["1024x1024", "1536x1024", "1024x1536"])
        #expect(fixed.size(forWidth: 4000, height: 3000) == (1536, 1024))
        #expect(fixed.size(forWidth: 1000, height: 1050) == (1024, 1024))
    }

    @Test func retriesBackOffExponentiallyAndHonourRetryAfter() {
        let policy = RetryPolicy(attempts: 5, initialDelay: 1, maxDelay: 10)
        #expect((1...5).map { policy.delay(afterAttempt: $0, retryAfter: nil) } == [1, 2, 4, 8, 10])
        #expect(policy.delay(afterAttempt: 1, retryAfter: 6) == 6 && policy.delay(afterAttempt: 1, retryAfter: 60) == 10)
    }

    @Test func structuredCaptionsAreReadPartByPart() {
        let prompts = CaptionConfiguration.originalPrompts
        let answer = "1. An image of: a red bicycle, \n2. The setting is a quiet street\n- The background is a brick wall with 3 windows\n**The image type/style is** a photograph!"
        let caption = Captioner.parse(structured: answer, prompts: prompts)
        #expect(caption.parts == ["a red bicycle.", "a quiet street.", "a brick wall with 3 windows.", "a photograph."])
        #expect(caption.text.hasPrefix("An image of a red bicycle. The setting is a quiet street. The background is a brick wall with 3 windows."))
        let free = Captioner.parse(structured: "A red bicycle against a wall", prompts: prompts)
        #expect(free.parts.isEmpty && free.text == "A red bicycle against a wall.")
    }
}
