import CAMO
import Foundation

/// `mirror.yaml`: the engines CAMO drives, how it captions and moderates, and the table of generators.
///
/// ```yaml
/// seed: 0
/// engines:
///   vision: {kind: ollama, url: "http://gpu:11434", model: "llava:13b", concurrency: 2}
///   comfy:  {kind: comfyui, url: "http://gpu:8188", timeout: 600}
/// caption: {engine: vision, mode: structured}
/// moderation: {engine: vision}
/// models:
///   - {name: flux-schnell, engine: comfy, workflow: flux.json, steps: 4, guidance: 1.0}
/// ```
public struct MirrorConfiguration: Decodable, Sendable {
    /// Seeds the generator choice and every generation seed (with each image's SHA-256).
    public var seed: UInt64
    public var engines: [String: EngineConfiguration]
    public var caption: CaptionConfiguration
    /// Absent: the raw caption is the prompt.
    public var moderation: ModerationConfiguration?
    public var models: [GeneratorModel]
    public var retries: RetryPolicy
    /// Largest side of the image sent to the captioner (and to img2img), default 1024; the twin is downscaled to it.
    public var captionImageSide: Int
    /// The folder relative paths (workflows) are read from: the configuration file's.
    public var folder: URL = URL(fileURLWithPath: ".")

    enum CodingKeys: String, CodingKey {
        case seed, engines, caption, moderation, models, retries
        case captionImageSide = "caption_image_side"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        engines = try container.decode([String: EngineConfiguration].self, forKey: .engines)
        caption = try container.decode(CaptionConfiguration.self, forKey: .caption)
        moderation = try container.decodeIfPresent(ModerationConfiguration.self, forKey: .moderation)
        models = try container.decode([GeneratorModel].self, forKey: .models)
        retries = try container.decodeIfPresent(RetryPolicy.self, forKey: .retries) ?? RetryPolicy()
        captionImageSide = try container.decodeIfPresent(Int.self, forKey: .captionImageSide) ?? 1024
    }

    /// Reads and checks `url`: every engine a section names exists and is of a kind that can do that stage, model
    /// names are unique, sizes are sane. Errors name the file and key.
    public static func load(contentsOf url: URL) throws(ConfigurationError) -> MirrorConfiguration {
        var configuration = try ConfigurationDecoder().decode(MirrorConfiguration.self, contentsOf: url)
        configuration.folder = url.deletingLastPathComponent()
        try configuration.validate(file: url.path)
        return configuration
    }

    func validate(file: String) throws(ConfigurationError) {
        func fail(_ keyPath: String, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, keyPath: keyPath, message: message)
        }
        for (name, engine) in engines {
            guard EngineRegistry.chatKinds.keys.contains(engine.kind) || EngineRegistry.imageKinds.keys.contains(engine.kind) else {
                let known = (EngineRegistry.chatKinds.keys.sorted() + EngineRegistry.imageKinds.keys.sorted()).joined(separator: ", ")
                throw fail("engines.\(name).kind", "unknown engine kind '\(engine.kind)'; known: \(known)")
            }
            guard let url = URL(string: engine.url), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw fail("engines.\(name).url", "'\(engine.url)' is not an http(s) URL")
            }
            guard engine.concurrency >= 1, engine.concurrency <= 64 else {
                throw fail("engines.\(name).concurrency", "must be 1...64, not \(engine.concurrency)")
            }
            guard engine.timeout > 0 else { throw fail("engines.\(name).timeout", "must be positive seconds") }
        }
        func chatEngine(_ name: String, at keyPath: String) throws(ConfigurationError) {
            guard let engine = engines[name] else { throw fail(keyPath, "no engine named '\(name)' under engines") }
            guard EngineRegistry.chatKinds.keys.contains(engine.kind) else {
                throw fail(keyPath, "engine '\(name)' is a \(engine.kind) engine, which cannot chat; use one of "
                    + EngineRegistry.chatKinds.keys.sorted().joined(separator: ", "))
            }
            guard engine.model != nil else { throw fail("engines.\(name).model", "a chat engine needs the model to ask") }
        }
        try chatEngine(caption.engine, at: "caption.engine")
        guard caption.prompts.count == 4 else { throw fail("caption.prompts", "four prompts are needed, not \(caption.prompts.count)") }
        guard (8...4096).contains(caption.maxTokens) else { throw fail("caption.max_tokens", "must be 8...4096") }
        if let moderation { try chatEngine(moderation.engine, at: "moderation.engine") }
        guard !models.isEmpty else { throw fail("models", "at least one generator model is needed") }
        guard (64...4096).contains(captionImageSide) else { throw fail("caption_image_side", "must be 64...4096") }
        var names = Set<String>()
        for (index, model) in models.enumerated() {
            let keyPath = "models[\(index)]"
            guard names.insert(model.name).inserted else { throw fail("\(keyPath).name", "'\(model.name)' is listed twice") }
            guard let engine = engines[model.engine] else { throw fail("\(keyPath).engine", "no engine named '\(model.engine)' under engines") }
            guard let kind = EngineRegistry.imageKinds[engine.kind] else {
                throw fail("\(keyPath).engine", "engine '\(model.engine)' is a \(engine.kind) engine, which cannot generate images")
            }
            guard model.weight > 0 else { throw fail("\(keyPath).weight", "must be positive") }
            try model.size.validate(keyPath: "\(keyPath).size", file: file)
            if model.byImage && !kind.acceptsInitImage {
                throw fail("\(keyPath).by_image", "engine kind \(engine.kind) has no image-to-image here; use automatic1111")
            }
            if let denoise = model.denoise, !(0...1).contains(denoise) { throw fail("\(keyPath).denoise", "must be 0...1") }
            if kind.needsWorkflow && model.workflow == nil {
                throw fail("\(keyPath).workflow", "a \(engine.kind) model needs a workflow file (API format) with placeholders")
            }
        }
    }

    /// A path from the configuration: absolute, or relative to the configuration file's folder.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }

    /// What decides a caption: recorded with it, so that a changed captioner recaptions and nothing else does.
    var captionIdentity: String {
        let moderationPart = moderation.map { "\(engines[$0.engine]?.identity ?? "")|\($0.prompt)" } ?? "none"
        return "\(engines[caption.engine]?.identity ?? "")|\(caption.mode.rawValue)|\(caption.prompts)|\(caption.maxTokens)"
            + "|\(captionImageSide)|\(moderationPart)"
    }
}

/// One engine CAMO talks to.
public struct EngineConfiguration: Decodable, Sendable {
    /// A kind of `EngineRegistry`: openai-chat, ollama, comfyui, automatic1111 (forge), openai-images.
    public var kind: String
    /// The server's base URL, e.g. `http://gpu-box:11434`.
    public var url: String
    /// The model the engine loads (chat engines, openai-images); image engines may take it per model instead.
    public var model: String?
    /// Seconds a request (a whole generation for ComfyUI) may take; default 120.
    public var timeout: Double
    /// Requests in flight at once; default 1.
    public var concurrency: Int
    /// The environment variable holding the API key sent as `Authorization: Bearer`; the key itself never sits in YAML.
    public var apiKeyEnvironment: String?

    enum CodingKeys: String, CodingKey {
        case kind, url, model, timeout, concurrency
        case apiKeyEnvironment = "api_key_env"
    }

    public init(kind: String, url: String, model: String? = nil, timeout: Double = 120, concurrency: Int = 1, apiKeyEnvironment: String? = nil) {
        self.kind = kind
        self.url = url
        self.model = model
        self.timeout = timeout
        self.concurrency = concurrency
        self.apiKeyEnvironment = apiKeyEnvironment
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        url = try container.decode(String.self, forKey: .url)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout) ?? 120
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) ?? 1
        apiKeyEnvironment = try container.decodeIfPresent(String.self, forKey: .apiKeyEnvironment)
    }

    /// The engine as far as its answers go (not its timeout or concurrency).
    var identity: String { "\(kind)|\(model ?? "")" }
}

/// Captioning, after the original's BLIP-2 annotator.
public struct CaptionConfiguration: Decodable, Sendable {
    public enum Mode: String, Decodable, Sendable {
        /// The original's four incremental prompts, each continued by the model (engines that continue a final
        /// assistant message: Ollama, llama.cpp's server, vLLM).
        case incremental
        /// One request asking for the same four parts, one per line (any chat engine).
        case structured
    }

    public static let originalPrompts = ["An image of", "The setting is", "The background is", "The image type/style is"]

    public var engine: String
    /// Default `structured`: it works with every chat engine.
    public var mode: Mode
    public var prompts: [String]
    /// Tokens per answer; default 120 (structured) — each incremental step gets a quarter, at least 20.
    public var maxTokens: Int

    enum CodingKeys: String, CodingKey {
        case engine, mode, prompts
        case maxTokens = "max_tokens"
    }

    public init(engine: String, mode: Mode = .structured, prompts: [String] = originalPrompts, maxTokens: Int = 120) {
        self.engine = engine
        self.mode = mode
        self.prompts = prompts
        self.maxTokens = maxTokens
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        engine = try container.decode(String.self, forKey: .engine)
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode) ?? .structured
        prompts = try container.decodeIfPresent([String].self, forKey: .prompts) ?? Self.originalPrompts
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens) ?? 120
    }
}

/// The LLM pass that rewrites a caption into a prompt with no names in it.
public struct ModerationConfiguration: Decodable, Sendable {
    /// The original's system prompt.
    public static let originalPrompt = "You always concisely rephrase given description, eliminate redundancy, and remove all "
        + "specific references to individuals by name."

    public var engine: String
    public var prompt: String

    enum CodingKeys: String, CodingKey { case engine, prompt }

    public init(engine: String, prompt: String = originalPrompt) {
        self.engine = engine
        self.prompt = prompt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        engine = try container.decode(String.self, forKey: .engine)
        prompt = try container.decodeIfPresent(String.self, forKey: .prompt) ?? Self.originalPrompt
    }
}

/// Retries of 429, 5xx, timeouts, dropped connections and unreadable answers: `attempts` tries in all, waiting
/// `initialDelay` × 2^k seconds (at most `maxDelay`; a 429's `Retry-After` when it says longer) between them.
public struct RetryPolicy: Decodable, Sendable {
    public var attempts: Int
    public var initialDelay: Double
    public var maxDelay: Double

    enum CodingKeys: String, CodingKey {
        case attempts
        case initialDelay = "initial_delay"
        case maxDelay = "max_delay"
    }

    public init(attempts: Int = 5, initialDelay: Double = 1, maxDelay: Double = 60) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attempts = max(1, try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 5)
        initialDelay = max(0, try container.decodeIfPresent(Double.self, forKey: .initialDelay) ?? 1)
        maxDelay = max(0, try container.decodeIfPresent(Double.self, forKey: .maxDelay) ?? 60)
    }

    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        let backoff = min(maxDelay, initialDelay * pow(2, Double(attempt - 1)))
        return min(maxDelay, max(backoff, retryAfter ?? 0))
    }
}
