/// The engine kinds `mirror.yaml` may name. Adding an engine is one adapter file and one line here.
public enum EngineRegistry {
    public struct ImageKind: Sendable {
        public var acceptsInitImage: Bool
        public var needsWorkflow: Bool
        public var make: @Sendable (EngineConnection, [String: ComfyUIWorkflow]) -> any ImageEngine
    }

    public static let chatKinds: [String: @Sendable (EngineConnection) -> any ChatEngine] = [
        "openai-chat": { OpenAIChatEngine(connection: $0) },
        "ollama": { OllamaChatEngine(connection: $0) },
    ]

    public static let imageKinds: [String: ImageKind] = [
        "comfyui": ImageKind(acceptsInitImage: false, needsWorkflow: true) { ComfyUIEngine(connection: $0, workflows: $1) },
        "automatic1111": ImageKind(acceptsInitImage: true, needsWorkflow: false) { connection, _ in Automatic1111Engine(connection: connection) },
        "forge": ImageKind(acceptsInitImage: true, needsWorkflow: false) { connection, _ in Automatic1111Engine(connection: connection) },
        "openai-images": ImageKind(acceptsInitImage: false, needsWorkflow: false) { connection, _ in OpenAIImagesEngine(connection: connection) },
    ]
}
