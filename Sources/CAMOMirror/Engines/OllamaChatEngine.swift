import Foundation

/// Ollama's own chat API (`POST /api/chat`, `stream: false`): images as base64 strings in a message's `images`.
///
/// Shapes: Ollama's docs/api.md ("Generate a chat completion", "Chat request (with images)"); a final assistant
/// message is continued, not answered ("prefill"); errors come as `{"error": "..."}`.
public struct OllamaChatEngine: ChatEngine {
    public let connection: EngineConnection
    public var path: String { "api/chat" }

    public init(connection: EngineConnection) { self.connection = connection }

    public func requestBody(_ messages: [ChatMessage], maxTokens: Int, continuing: Bool) -> [String: Any] {
        [
            "model": model,
            "messages": messages.map { message -> [String: Any] in
                var object: [String: Any] = ["role": message.role.rawValue, "content": message.text]
                if let image = message.image { object["images"] = [image.base64EncodedString()] }
                return object
            },
            "stream": false,
            "options": ["temperature": 0, "num_predict": maxTokens],
        ]
    }

    public func answer(from response: [String: Any]) throws(EngineFailure) -> String {
        guard let message = response["message"] as? [String: Any], let content = message["content"] as? String else {
            throw .failure("malformed response", EngineConnection.message(in: response) ?? "no message.content in the chat answer")
        }
        return content
    }
}
