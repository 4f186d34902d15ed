import Foundation

/// One message of a chat request; a user message may carry an image (JPEG bytes).
public struct ChatMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case system, user, assistant }

    public var role: Role
    public var text: String
    public var image: Data?

    public init(_ role: Role, _ text: String, image: Data? = nil) {
        self.role = role
        self.text = text
        self.image = image
    }
}

/// A vision-language or chat model behind an HTTP API: captions and moderation go through it.
public protocol ChatEngine: Sendable {
    var connection: EngineConnection { get }
    /// The request body for `messages`. `continuing`: the last message is the assistant's unfinished text, which the
    /// model continues (its answer is only the continuation).
    func requestBody(_ messages: [ChatMessage], maxTokens: Int, continuing: Bool) -> [String: Any]
    /// The model's text in a response, or the refusal it amounts to.
    func answer(from response: [String: Any]) throws(EngineFailure) -> String
    var path: String { get }
}

extension ChatEngine {
    public func complete(_ messages: [ChatMessage], maxTokens: Int, continuing: Bool = false) async throws(EngineFailure) -> String {
        let response = try await connection.json(path, body: requestBody(messages, maxTokens: maxTokens, continuing: continuing))
        return try answer(from: response)
    }

    var model: String { connection.configuration.model ?? "" }
}
