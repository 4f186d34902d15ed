import Foundation

/// OpenAI-compatible image generation (`POST /v1/images/generations`), answered with `data[0].b64_json` (or a `url`
/// to fetch). Sizes are fixed strings (`1024x1024`); there is no seed, so the recorded seed only chose the model.
/// A safety refusal is a 400 whose `error.code` is `content_policy_violation` (or `moderation_blocked`).
///
/// Shapes: OpenAI's API reference (Images → Create image).
public struct OpenAIImagesEngine: ImageEngine {
    public let connection: EngineConnection

    public init(connection: EngineConnection) { self.connection = connection }

    public func requestBody(_ request: GenerationRequest) -> [String: Any] {
        let model = request.model.checkpoint ?? connection.configuration.model ?? ""
        var body: [String: Any] = ["model": model, "prompt": request.prompt, "n": 1, "size": "\(request.width)x\(request.height)"]
        // gpt-image models always answer in base64 and refuse the parameter.
        if !model.hasPrefix("gpt-image") { body["response_format"] = "b64_json" }
        if let quality = request.model.quality { body["quality"] = quality }
        return body
    }

    public func generate(_ request: GenerationRequest) async throws(EngineFailure) -> GeneratedImage {
        let response = try await connection.json("v1/images/generations", body: requestBody(request), refusal: Self.refusal)
        let (image, url) = try Self.image(from: response)
        if let image { return image }
        guard let url else { throw .failure("malformed response", "no data[0].b64_json or url") }
        return GeneratedImage(data: try await connection.bytes("", absoluteURL: url))
    }

    @Sendable public static func refusal(status: Int, body: [String: Any]) -> EngineFailure? {
        guard status == 400, let error = body["error"] as? [String: Any],
              let code = error["code"] as? String, ["content_policy_violation", "moderation_blocked"].contains(code) else { return nil }
        return .refusal("safety filter", (error["message"] as? String) ?? code)
    }

    public static func image(from response: [String: Any]) throws(EngineFailure) -> (GeneratedImage?, URL?) {
        guard let data = response["data"] as? [[String: Any]], let first = data.first else {
            throw .failure("malformed response", "no data[0] in the answer")
        }
        var reported: [String: ParameterValue] = [:]
        if let revised = first["revised_prompt"] as? String { reported["revised_prompt"] = .string(revised) }
        if let encoded = first["b64_json"] as? String {
            guard let bytes = Data(base64Encoded: encoded) else { throw .failure("malformed response", "b64_json is not base64") }
            return (GeneratedImage(data: bytes, reported: reported), nil)
        }
        return (nil, (first["url"] as? String).flatMap(URL.init(string:)))
    }
}
