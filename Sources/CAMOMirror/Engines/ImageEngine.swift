import Foundation

/// A value recorded among a generation's parameters.
public enum ParameterValue: Sendable, Equatable, Codable {
    case string(String), integer(Int), number(Double), bool(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    /// As JSONSerialization writes it into a request body.
    var json: Any {
        switch self {
        case .string(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .bool(let value): value
        }
    }
}

/// What one generation is asked for.
public struct GenerationRequest: Sendable {
    public var prompt: String
    public var seed: UInt32
    public var width: Int
    public var height: Int
    public var model: GeneratorModel
    /// The twin (PNG bytes) for image-to-image.
    public var initImage: Data?

    public init(prompt: String, seed: UInt32, width: Int, height: Int, model: GeneratorModel, initImage: Data? = nil) {
        self.prompt = prompt
        self.seed = seed
        self.width = width
        self.height = height
        self.model = model
        self.initImage = initImage
    }

    /// Every parameter as sent, recorded with the fake.
    public var parameters: [String: ParameterValue] {
        var values: [String: ParameterValue] = [
            "width": .integer(width), "height": .integer(height), "seed": .integer(Int(seed)),
            "negative_prompt": .string(model.negativePrompt), "mode": .string(initImage == nil ? "txt2img" : "img2img"),
        ]
        if let steps = model.steps { values["steps"] = .integer(steps) }
        if let guidance = model.guidance { values["guidance"] = .number(guidance) }
        if let sampler = model.sampler { values["sampler"] = .string(sampler) }
        if let scheduler = model.scheduler { values["scheduler"] = .string(scheduler) }
        if let checkpoint = model.checkpoint { values["checkpoint"] = .string(checkpoint) }
        if initImage != nil { values["denoise"] = .number(model.denoise ?? 0.6) }
        if let quality = model.quality { values["quality"] = .string(quality) }
        return values
    }
}

/// An encoded image from an engine and what the engine reported about it.
public struct GeneratedImage: Sendable {
    public var data: Data
    /// The engine's own account where it gives one (AUTOMATIC1111's seed, OpenAI's revised prompt).
    public var reported: [String: ParameterValue]

    public init(data: Data, reported: [String: ParameterValue] = [:]) {
        self.data = data
        self.reported = reported
    }
}

/// A diffusion engine behind an HTTP API.
public protocol ImageEngine: Sendable {
    var connection: EngineConnection { get }
    func generate(_ request: GenerationRequest) async throws(EngineFailure) -> GeneratedImage
}
