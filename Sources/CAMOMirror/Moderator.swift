import Foundation

/// Rewrites a caption into a generation prompt with the original's moderation instruction.
public struct Moderator: Sendable {
    public let engine: any ChatEngine
    public let prompt: String

    public init(engine: any ChatEngine, prompt: String) {
        self.engine = engine
        self.prompt = prompt
    }

    public func moderate(_ caption: String) async throws(EngineFailure) -> String {
        let answer = try await engine.complete([ChatMessage(.system, prompt), ChatMessage(.user, caption)], maxTokens: 200)
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .refusal("empty moderation", "the moderator returned nothing") }
        return text
    }
}
