import Foundation

/// ComfyUI's HTTP API: `POST /prompt` with the filled workflow (answer: `prompt_id`, or `error` and `node_errors`),
/// `GET /history/{prompt_id}` until the prompt appears with `status.completed` (or `status_str: "error"`), then
/// `GET /view?filename=…&subfolder=…&type=…` for the first output image.
///
/// Shapes: ComfyUI's `server.py` (routes `/prompt`, `/history/{prompt_id}`, `/view`) and
/// `script_examples/basic_api_example.py`.
public struct ComfyUIEngine: ImageEngine {
    public let connection: EngineConnection
    let workflows: [String: ComfyUIWorkflow]
    /// Seconds between two looks at the history.
    let pollInterval: Double

    public init(connection: EngineConnection, workflows: [String: ComfyUIWorkflow], pollInterval: Double = 0.25) {
        self.connection = connection
        self.workflows = workflows
        self.pollInterval = pollInterval
    }

    public func placeholderValues(_ request: GenerationRequest) -> [String: ParameterValue] {
        var values = request.parameters
        values["prompt"] = .string(request.prompt)
        values.removeValue(forKey: "mode")
        if let checkpoint = request.model.checkpoint ?? connection.configuration.model { values["checkpoint"] = .string(checkpoint) }
        if values["denoise"] == nil { values["denoise"] = .number(1) }
        return values
    }

    public func requestBody(_ request: GenerationRequest) throws(EngineFailure) -> [String: Any] {
        guard let workflow = workflows[request.model.name] else { throw .failure("no workflow", request.model.name) }
        return ["prompt": try workflow.filled(with: placeholderValues(request)), "client_id": "camo-mirror"]
    }

    public func generate(_ request: GenerationRequest) async throws(EngineFailure) -> GeneratedImage {
        let queued = try await connection.json("prompt", body: try requestBody(request))
        guard let id = queued["prompt_id"] as? String else {
            throw .failure("workflow rejected", EngineConnection.message(in: queued) ?? "no prompt_id in the answer")
        }
        if let errors = queued["node_errors"] as? [String: Any], !errors.isEmpty {
            throw .failure("workflow rejected", "node errors in \(errors.keys.sorted().joined(separator: ", "))")
        }
        let deadline = ContinuousClock.now + .seconds(connection.configuration.timeout)
        while ContinuousClock.now < deadline {
            let history = try await connection.json("history/\(id)", method: "GET")
            if let entry = history[id] as? [String: Any], let outcome = try Self.output(of: entry) {
                let data = try await connection.bytes("view", query: [
                    URLQueryItem(name: "filename", value: outcome.filename), URLQueryItem(name: "subfolder", value: outcome.subfolder),
                    URLQueryItem(name: "type", value: outcome.type),
                ])
                return GeneratedImage(data: data, reported: ["prompt_id": .string(id)])
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1_000_000_000))
        }
        throw .failure("timeout", "prompt \(id) not finished within \(connection.configuration.timeout) s")
    }

    /// The first image of a finished prompt's outputs; nil while it runs; an execution error is a failure.
    public static func output(of entry: [String: Any]) throws(EngineFailure) -> (filename: String, subfolder: String, type: String)? {
        let status = entry["status"] as? [String: Any]
        if status?["status_str"] as? String == "error" {
            let messages = (status?["messages"] as? [[Any]]) ?? []
            let detail = messages.first { ($0.first as? String) == "execution_error" }
                .flatMap { ($0.last as? [String: Any])?["exception_message"] as? String } ?? "execution error"
            throw .failure("execution error", detail)
        }
        guard let outputs = entry["outputs"] as? [String: Any] else { return nil }
        for key in outputs.keys.sorted() {
            guard let node = outputs[key] as? [String: Any], let images = node["images"] as? [[String: Any]],
                  let image = images.first, let filename = image["filename"] as? String else { continue }
            return (filename, image["subfolder"] as? String ?? "", image["type"] as? String ?? "output")
        }
        if status?["completed"] as? Bool == true { throw .failure("no output image", "the workflow finished without an image") }
        return nil
    }
}
