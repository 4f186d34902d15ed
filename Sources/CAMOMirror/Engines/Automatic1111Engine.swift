import Foundation

/// AUTOMATIC1111's web UI and Forge (`--api`): `POST /sdapi/v1/txt2img`, and `/sdapi/v1/img2img` for a mirror made
/// from the real image. The answer holds base64 PNGs in `images` and a JSON string `info` with the seed used.
///
/// Shapes: the web UI's `modules/api/models.py` (StableDiffusionTxt2ImgProcessingAPI, …Img2Img…, TextToImageResponse).
public struct Automatic1111Engine: ImageEngine {
    public let connection: EngineConnection

    public init(connection: EngineConnection) { self.connection = connection }

    public func requestBody(_ request: GenerationRequest) -> [String: Any] {
        let model = request.model
        var body: [String: Any] = [
            "prompt": request.prompt, "negative_prompt": model.negativePrompt, "seed": Int(request.seed),
            "width": request.width, "height": request.height, "batch_size": 1, "n_iter": 1,
            "send_images": true, "save_images": false,
        ]
        if let steps = model.steps { body["steps"] = steps }
        if let guidance = model.guidance { body["cfg_scale"] = guidance }
        if let sampler = model.sampler { body["sampler_name"] = sampler }
        if let scheduler = model.scheduler { body["scheduler"] = scheduler }
        if let checkpoint = model.checkpoint ?? connection.configuration.model {
            body["override_settings"] = ["sd_model_checkpoint": checkpoint]
            body["override_settings_restore_afterwards"] = false
        }
        if let image = request.initImage {
            body["init_images"] = [image.base64EncodedString()]
            body["denoising_strength"] = model.denoise ?? 0.6
        }
        return body
    }

    public func generate(_ request: GenerationRequest) async throws(EngineFailure) -> GeneratedImage {
        let path = request.initImage == nil ? "sdapi/v1/txt2img" : "sdapi/v1/img2img"
        return try Self.image(from: try await connection.json(path, body: requestBody(request)))
    }

    public static func image(from response: [String: Any]) throws(EngineFailure) -> GeneratedImage {
        guard let images = response["images"] as? [String], let first = images.first else {
            throw .failure("malformed response", "no images in the answer")
        }
        // Some builds prefix a data URL header.
        let payload = first.split(separator: ",", maxSplits: 1).last.map(String.init) ?? first
        guard let data = Data(base64Encoded: payload) else { throw .failure("malformed response", "images[0] is not base64") }
        var reported: [String: ParameterValue] = [:]
        if let info = response["info"] as? String, let object = try? JSONSerialization.jsonObject(with: Data(info.utf8)) as? [String: Any] {
            if let seed = object["seed"] as? Int { reported["seed"] = .integer(seed) }
            if let checkpoint = object["sd_model_name"] as? String { reported["checkpoint"] = .string(checkpoint) }
        }
        return GeneratedImage(data: data, reported: reported)
    }
}
