import Foundation

/// A caption in the original's shape: "An image of …. The setting is …. The background is …. The image type/style is …."
public struct Caption: Sendable, Equatable, Codable {
    public var text: String
    /// The answer to each prompt (empty where the model gave none).
    public var parts: [String]
}

/// Captions an image through a chat engine, as the original's BLIP-2 annotator did.
public struct Captioner: Sendable {
    public let engine: any ChatEngine
    public let configuration: CaptionConfiguration

    public init(engine: any ChatEngine, configuration: CaptionConfiguration) {
        self.engine = engine
        self.configuration = configuration
    }

    /// `image`: JPEG bytes.
    public func caption(_ image: Data) async throws(EngineFailure) -> Caption {
        let caption = switch configuration.mode {
        case .incremental: try await incremental(image)
        case .structured: try await structured(image)
        }
        guard !caption.text.isEmpty else { throw .refusal("empty caption", "the captioner described nothing") }
        return caption
    }

    /// The original's loop: each prompt appended to the description so far and continued by the model; an empty
    /// answer drops its prompt.
    func incremental(_ image: Data) async throws(EngineFailure) -> Caption {
        var description = ""
        var parts: [String] = []
        let tokens = max(20, configuration.maxTokens / 4)
        for prompt in configuration.prompts {
            let prefix = description + prompt + " "
            let messages = [ChatMessage(.user, "Describe this image.", image: image), ChatMessage(.assistant, prefix)]
            var answer = try await engine.complete(messages, maxTokens: tokens, continuing: true)
            // Some servers echo the text they continued.
            if answer.hasPrefix(prefix) { answer.removeFirst(prefix.count) }
            let part = Self.sentence(answer)
            parts.append(part)
            if !part.isEmpty { description = prefix + part + " " }
        }
        return Caption(text: description.trimmingCharacters(in: .whitespaces), parts: parts)
    }

    /// One request for the four parts, one per line after its prompt; an answer without those lines is kept whole.
    func structured(_ image: Data) async throws(EngineFailure) -> Caption {
        let request = "Describe this image so that it could be recreated. Answer in exactly \(configuration.prompts.count) lines, "
            + "each completing its opening words:\n" + configuration.prompts.map { "\($0) …" }.joined(separator: "\n")
        let answer = try await engine.complete([ChatMessage(.user, request, image: image)], maxTokens: configuration.maxTokens)
        return Self.parse(structured: answer, prompts: configuration.prompts)
    }

    public static func parse(structured answer: String, prompts: [String]) -> Caption {
        // List markers ("1.", "-", "**") before a line's prompt are dropped; nothing after it is.
        let lines = answer.split(whereSeparator: \.isNewline).map { line in
            String(line.drop { "-*•#0123456789.) \t".contains($0) })
        }
        var parts: [String] = []
        for prompt in prompts {
            let line = lines.first { $0.lowercased().hasPrefix(prompt.lowercased()) }
            var rest = line.map { String($0.dropFirst(prompt.count)) } ?? ""
            rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: ":*… ").union(.whitespaces))
            parts.append(sentence(rest))
        }
        guard parts.contains(where: { !$0.isEmpty }) else {
            return Caption(text: sentence(answer.split(whereSeparator: \.isNewline).joined(separator: " ")), parts: [])
        }
        let text = zip(prompts, parts).filter { !$0.1.isEmpty }.map { "\($0.0) \($0.1)" }.joined(separator: " ")
        return Caption(text: text, parts: parts)
    }

    /// The original's clean-up: trailing " ,;!?" removed and a full stop added.
    static func sentence(_ text: String) -> String {
        var part = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = part.last, " ,;!?".contains(last) { part.removeLast() }
        if !part.isEmpty && !part.hasSuffix(".") { part += "." }
        return part
    }
}
