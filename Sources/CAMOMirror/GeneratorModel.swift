import CAMO
import Foundation

/// One row of the generator table, like the original's table of diffusion models and their arguments: adding a
/// generator is one entry. What an engine does not use (a sampler for openai-images) is ignored by it.
public struct GeneratorModel: Decodable, Sendable {
    public var name: String
    /// The engine (a key of `engines`) that runs it.
    public var engine: String
    /// The model or checkpoint the engine loads: ComfyUI's `{{checkpoint}}`, AUTOMATIC1111's `sd_model_checkpoint`,
    /// openai-images' `model` (else the engine's `model`).
    public var checkpoint: String?
    /// ComfyUI: a workflow in API format (relative to the configuration file) with placeholders.
    public var workflow: String?
    public var steps: Int?
    /// Classifier-free guidance (`cfg_scale`, ComfyUI's `cfg`; Flux's distilled `guidance_scale`).
    public var guidance: Double?
    public var sampler: String?
    public var scheduler: String?
    public var negativePrompt: String
    public var size: SizeRule
    /// Relative chance of being chosen for an image; default 1.
    public var weight: Double
    /// Image-to-image from the real twin (AUTOMATIC1111), with `denoise` (default 0.6) as its strength.
    public var byImage: Bool
    public var denoise: Double?
    /// openai-images' `quality` (e.g. `high`).
    public var quality: String?

    enum CodingKeys: String, CodingKey {
        case name, engine, checkpoint, workflow, steps, guidance, sampler, scheduler, size, weight, denoise, quality
        case negativePrompt = "negative_prompt"
        case byImage = "by_image"
    }

    public init(name: String, engine: String, size: SizeRule = SizeRule()) {
        self.name = name
        self.engine = engine
        self.negativePrompt = ""
        self.size = size
        self.weight = 1
        self.byImage = false
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        engine = try container.decode(String.self, forKey: .engine)
        checkpoint = try container.decodeIfPresent(String.self, forKey: .checkpoint)
        workflow = try container.decodeIfPresent(String.self, forKey: .workflow)
        steps = try container.decodeIfPresent(Int.self, forKey: .steps)
        guidance = try container.decodeIfPresent(Double.self, forKey: .guidance)
        sampler = try container.decodeIfPresent(String.self, forKey: .sampler)
        scheduler = try container.decodeIfPresent(String.self, forKey: .scheduler)
        negativePrompt = try container.decodeIfPresent(String.self, forKey: .negativePrompt) ?? ""
        size = try container.decodeIfPresent(SizeRule.self, forKey: .size) ?? SizeRule()
        weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        byImage = try container.decodeIfPresent(Bool.self, forKey: .byImage) ?? false
        denoise = try container.decodeIfPresent(Double.self, forKey: .denoise)
        quality = try container.decodeIfPresent(String.self, forKey: .quality)
    }
}

/// The size a generator is asked for, from the twin's aspect ratio: about `megapixels`, each side a multiple of
/// `multipleOf` within `minSide…maxSide`; or, for engines that take only fixed sizes (OpenAI's), the listed size
/// whose aspect is nearest. The generated image is then resized to the twin's exact size.
public struct SizeRule: Decodable, Sendable, Equatable {
    public var megapixels: Double
    public var multipleOf: Int
    public var minSide: Int
    public var maxSide: Int
    /// Fixed sizes such as `1024x1024`; when given, the rule picks among them.
    public var sizes: [String]

    enum CodingKeys: String, CodingKey {
        case megapixels, sizes
        case multipleOf = "multiple_of"
        case minSide = "min_side"
        case maxSide = "max_side"
    }

    public init(megapixels: Double = 1, multipleOf: Int = 64, minSide: Int = 256, maxSide: Int = 2048, sizes: [String] = []) {
        self.megapixels = megapixels
        self.multipleOf = multipleOf
        self.minSide = minSide
        self.maxSide = maxSide
        self.sizes = sizes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SizeRule()
        megapixels = try container.decodeIfPresent(Double.self, forKey: .megapixels) ?? defaults.megapixels
        multipleOf = try container.decodeIfPresent(Int.self, forKey: .multipleOf) ?? defaults.multipleOf
        minSide = try container.decodeIfPresent(Int.self, forKey: .minSide) ?? defaults.minSide
        maxSide = try container.decodeIfPresent(Int.self, forKey: .maxSide) ?? defaults.maxSide
        sizes = try container.decodeIfPresent([String].self, forKey: .sizes) ?? []
    }

    func validate(keyPath: String, file: String) throws(ConfigurationError) {
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, keyPath: "\(keyPath).\(key)", message: message)
        }
        guard megapixels > 0.01, megapixels <= 64 else { throw fail("megapixels", "must be 0.01...64") }
        guard (1...512).contains(multipleOf) else { throw fail("multiple_of", "must be 1...512") }
        guard minSide >= multipleOf, minSide <= maxSide, maxSide <= 16384 else {
            throw fail("min_side", "needs multiple_of ≤ min_side ≤ max_side ≤ 16384")
        }
        for text in sizes where Self.parse(text) == nil { throw fail("sizes", "'\(text)' is not WIDTHxHEIGHT") }
    }

    /// The request size for a twin of `width`×`height`.
    public func size(forWidth width: Int, height: Int) -> (width: Int, height: Int) {
        let aspect = Double(max(width, 1)) / Double(max(height, 1))
        let fixed = sizes.compactMap(Self.parse)
        if !fixed.isEmpty {
            return fixed.min { abs(log(Double($0.width) / Double($0.height) / aspect)) < abs(log(Double($1.width) / Double($1.height) / aspect)) }!
        }
        let area = megapixels * 1_000_000
        var w = (area * aspect).squareRoot(), h = w / aspect
        // Keep the aspect when a side would leave the allowed range.
        let scaleDown = min(1, Double(maxSide) / max(w, h)), scaleUp = max(1, Double(minSide) / min(w, h))
        w *= scaleDown * scaleUp
        h *= scaleDown * scaleUp
        func snap(_ side: Double) -> Int {
            let rounded = Int((side / Double(multipleOf)).rounded()) * multipleOf
            return min(max(rounded, minSide - minSide % multipleOf), maxSide - maxSide % multipleOf)
        }
        return (snap(w), snap(h))
    }

    static func parse(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else { return nil }
        return (w, h)
    }
}
