import Foundation

/// OpenAI-compatible chat completions (`POST /v1/chat/completions`): OpenAI, vLLM, llama.cpp's server, LM Studio,
/// Ollama's compatibility endpoint. Images go as `image_url` parts holding a base64 data URL.
///
/// Shapes: OpenAI's API reference (Chat → Create chat completion); a refusal is `message.refusal` or
/// `finish_reason: "content_filter"`. Continuing a final assistant message uses vLLM's `continue_final_message` with
/// `add_generation_prompt: false`; llama.cpp's server continues a final assistant message by itself.
public struct OpenAIChatEngine: ChatEngine {
    public let connection: EngineConnection
    public var path: String { "v1/chat/completions" }

    public init(connection: EngineConnection) { self.connection = connection }

    public func requestBody(_ messages: [ChatMessage], maxTokens: Int, continuing: Bool) -> [String: Any] {
        var body: [String: Any] = [
            "model": model,
            "messages": messages.map { message -> [String: Any] in
                guard let image = message.image else { return ["role": message.role.rawValue, "content": message.text] }
                return ["role": message.role.rawValue, "content": [
                    ["type": "text", "text": message.text],
                    ["type": "image_url", "image_url": ["url": "data:image/jpeg;base64," + image.base64EncodedString()]],
                ]]
            },
            "max_tokens": maxTokens,
            "temperature": 0,
        ]
        if continuing {
            body["continue_final_message"] = true
            body["add_generation_prompt"] = false
        }
        return body
    }

    public func answer(from response: [String: Any]) throws(EngineFailure) -> String {
        guard let choices = response["choices"] as? [[String: Any]], let choice = choices.first,
              let message = choice["message"] as? [String: Any] else {
            throw .failure("malformed response", "no choices[0].message in the chat completion")
        }
        if let refusal = message["refusal"] as? String, !refusal.isEmpty { throw .refusal("safety filter", refusal) }
        if choice["finish_reason"] as? String == "content_filter" { throw .refusal("safety filter", "finish_reason content_filter") }
        return (message["content"] as? String) ?? ""
    }
}
