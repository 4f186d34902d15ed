import CAMOMirror
import CAMOTesting
import Foundation
import Testing

/// Each adapter against the request and answer shapes its engine defines (Tests/Fixtures/mirror/engines/SOURCES.md).
struct EngineAdapterTests {
    static let image = Data("camo".utf8)

    static func connection(_ kind: String, model: String? = nil) throws -> EngineConnection {
        try EngineConnection(name: "test", configuration: EngineConfiguration(kind: kind, url: "http://127.0.0.1:9", model: model),
                             retries: RetryPolicy())
    }

    static func fixture(_ name: String) throws -> [String: Any] {
        let data = try Fixtures.data("mirror/engines/\(name)")
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Key-for-key equality, numbers compared as JSON writes them.
    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static var sdxl: GeneratorModel {
        var model = GeneratorModel(name: "sdxl", engine: "test")
        model.checkpoint = "sd_xl_base_1.0"
        model.steps = 30
        model.guidance = 7
        model.sampler = "Euler a"
        model.scheduler = "Automatic"
        model.negativePrompt = "text, watermark"
        return model
    }

    @Test func openAIChatSendsTheImageAsADataURLPart() throws {
        let engine = OpenAIChatEngine(connection: try Self.connection("openai-chat", model: "llava-v1.6"))
        let body = engine.requestBody([ChatMessage(.user, "Describe this image.", image: Self.image)], maxTokens: 120, continuing: false)
        #expect(try Self.canonical(body) == Self.canonical(Self.fixture("openai-chat-caption.request.json")))
    }

    @Test func openAIChatContinuesAFinalAssistantMessage() throws {
        let engine = OpenAIChatEngine(connection: try Self.connection("openai-chat", model: "llava-v1.6"))
        let messages = [ChatMessage(.user, "Describe this image.", image: Self.image), ChatMessage(.assistant, "An image of ")]
        let body = engine.requestBody(messages, maxTokens: 30, continuing: true)
        #expect(try Self.canonical(body) == Self.canonical(Self.fixture("openai-chat-continue.request.json")))
    }

    @Test func openAIChatReadsTheContentAndTellsARefusal() throws {
        let engine = OpenAIChatEngine(connection: try Self.connection("openai-chat", model: "llava-v1.6"))
        #expect(try engine.answer(from: Self.fixture("openai-chat.response.json")) == "a red bicycle leaning against a brick wall")
        #expect(throws: EngineFailure.refusal("safety filter", "I'm sorry, I can't help with that.")) {
            try engine.answer(from: Self.fixture("openai-chat-refusal.response.json"))
        }
        #expect(throws: EngineFailure.self) { try engine.answer(from: ["choices": []]) }
    }

    @Test func ollamaSendsImagesAsBase64StringsWithoutStreaming() throws {
        let engine = OllamaChatEngine(connection: try Self.connection("ollama", model: "llava"))
        let body = engine.requestBody([ChatMessage(.system, ModerationConfiguration.originalPrompt),
                                       ChatMessage(.user, "Describe this image.", image: Self.image)], maxTokens: 200, continuing: false)
        #expect(try Self.canonical(body) == Self.canonical(Self.fixture("ollama-chat.request.json")))
    }

    @Test func ollamaReadsTheMessageAndReportsItsError() throws {
        let engine = OllamaChatEngine(connection: try Self.connection("ollama", model: "llava"))
        #expect(try engine.answer(from: Self.fixture("ollama-chat.response.json")) == " A red bicycle against a brick wall. ")
        #expect(throws: EngineFailure.failure("malformed response", "model \"llava\" not found, try pulling it first")) {
            try engine.answer(from: Self.fixture("ollama-error.response.json"))
        }
    }

    @Test func automatic1111TakesTheModelsArgumentsAndTheCheckpointOverride() throws {
        let engine = Automatic1111Engine(connection: try Self.connection("automatic1111"))
        let request = GenerationRequest(prompt: "a red bicycle leaning against a brick wall", seed: 1234, width: 1024, height: 768, model: Self.sdxl)
        #expect(try Self.canonical(engine.requestBody(request)) == Self.canonical(Self.fixture("a1111-txt2img.request.json")))
    }

    @Test func automatic1111ImageToImageSendsTheTwinAndTheStrength() throws {
        let engine = Automatic1111Engine(connection: try Self.connection("automatic1111"))
        var model = Self.sdxl
        model.byImage = true
        model.denoise = 0.45
        let request = GenerationRequest(prompt: "a red bicycle leaning against a brick wall", seed: 1234, width: 1024, height: 768,
                                        model: model, initImage: Self.image)
        #expect(try Self.canonical(engine.requestBody(request)) == Self.canonical(Self.fixture("a1111-img2img.request.json")))
        #expect(request.parameters["mode"] == .string("img2img") && request.parameters["denoise"] == .number(0.45))
    }

    @Test func automatic1111AnswerGivesThePNGAndTheSeedUsed() throws {
        let image = try Automatic1111Engine.image(from: Self.fixture("a1111-txt2img.response.json"))
        #expect(image.data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(image.reported["seed"] == .integer(1234) && image.reported["checkpoint"] == .string("sd_xl_base_1.0"))
        #expect(throws: EngineFailure.self) { try Automatic1111Engine.image(from: ["images": ["not base64!"]]) }
    }

    @Test func openAIImagesAsksForTheNearestFixedSizeInBase64() throws {
        let engine = OpenAIImagesEngine(connection: try Self.connection("openai-images", model: "dall-e-3"))
        var model = GeneratorModel(name: "dalle", engine: "test", size: SizeRule(sizes: ["1024x1024", "1792x1024", "1024x1792"]))
        model.quality = "hd"
        // A portrait twin (3:4) gets the portrait size.
        let size = model.size.size(forWidth: 600, height: 800)
        let request = GenerationRequest(prompt: "a red bicycle", seed: 1, width: size.width, height: size.height, model: model)
        #expect(try Self.canonical(engine.requestBody(request)) == Self.canonical(Self.fixture("openai-images.request.json")))
    }

    @Test func openAIImagesReadsBase64AndTellsAPolicyRefusal() throws {
        let (image, url) = try OpenAIImagesEngine.image(from: Self.fixture("openai-images.response.json"))
        #expect(url == nil && image?.reported["revised_prompt"] == .string("A red bicycle leaning against a weathered brick wall."))
        let refusal = OpenAIImagesEngine.refusal(status: 400, body: try Self.fixture("openai-images-refusal.response.json"))
        #expect(refusal?.kind == .refusal && refusal?.reason == "safety filter")
        #expect(OpenAIImagesEngine.refusal(status: 400, body: ["error": ["code": "invalid_size", "message": "bad size"]]) == nil)
    }

    @Test func comfyUIFillsTheWorkflowWithTypedValues() throws {
        let workflow = try ComfyUIWorkflow(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("mirror/workflows/sdxl-basic.json"))
        var model = Self.sdxl
        model.checkpoint = "sd_xl_base_1.0.safetensors"
        model.sampler = "euler"
        model.scheduler = "normal"
        let engine = ComfyUIEngine(connection: try Self.connection("comfyui"), workflows: ["sdxl": workflow])
        let request = GenerationRequest(prompt: "a red bicycle leaning against a brick wall", seed: 1234, width: 1024, height: 768, model: model)
        #expect(try Self.canonical(engine.requestBody(request)) == Self.canonical(Self.fixture("comfyui-prompt.request.json")))
    }

    @Test func comfyUIHistoryGivesTheOutputImageOrTheExecutionError() throws {
        let id = "5c1f1a3e-8a54-4d1e-9a47-1f3a2f6c9e10"
        let done = try #require(Self.fixture("comfyui-history.response.json")[id] as? [String: Any])
        let output = try #require(try ComfyUIEngine.output(of: done))
        #expect(output.filename == "camo-mirror_00001_.png" && output.subfolder == "" && output.type == "output")
        let failed = try #require(Self.fixture("comfyui-history-error.response.json")[id] as? [String: Any])
        #expect(throws: EngineFailure.failure("execution error", "CUDA out of memory. Tried to allocate 2.00 GiB")) {
            try ComfyUIEngine.output(of: failed)
        }
        // Queued or running: no outputs and not completed yet.
        #expect(try ComfyUIEngine.output(of: ["outputs": [:], "status": ["status_str": "success", "completed": false]]) == nil)
    }

    @Test func aMissingAPIKeyVariableIsRefusedAtStart() {
        let configuration = EngineConfiguration(kind: "openai-chat", url: "https://api.example", model: "m", apiKeyEnvironment: "CAMO_TEST_KEY")
        #expect(throws: EngineFailure.self) {
            try EngineConnection(name: "openai", configuration: configuration, retries: RetryPolicy(), environment: [:])
        }
        #expect(throws: Never.self) {
            try EngineConnection(name: "openai", configuration: configuration, retries: RetryPolicy(), environment: ["CAMO_TEST_KEY": "k"])
        }
    }
}
