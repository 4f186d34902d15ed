import CAMOGate
import CAMOVision
import Foundation

/// One image on its way through a pipeline: the bytes, the decoded pixels, and views that several experts
/// need (the gate's decision, resized copies), each computed once, on first use, and shared.
public final class ImageContext: Sendable {
    /// Path or caller-supplied id, as it appears in results.
    public let id: String
    /// The file's bytes as received: metadata experts read these, not the pixels.
    public let bytes: Data
    public let image: Image
    private let gate: any ContentGate
    private let views = ViewCache()

    public init(id: String, bytes: Data, image: Image, gate: any ContentGate) {
        self.id = id
        self.bytes = bytes
        self.image = image
        self.gate = gate
    }

    /// The gate's decision; the gate runs once however many experts ask.
    public func gateDecision() async throws -> GateDecision {
        try await view("gate") { [gate, image] in try await gate.decide(image) }
    }

    /// A value derived from the image, computed once per `key` and shared by every caller.
    public func view<T: Sendable>(_ key: String, _ make: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = await views.task(for: key) { try await make() as any Sendable }
        guard let value = try await task.value as? T else {
            preconditionFailure("view '\(key)' was first computed with another type")
        }
        return value
    }
}

/// Remembers the task computing each view, so concurrent callers await the same work.
private actor ViewCache {
    private var tasks: [String: Task<any Sendable, any Error>] = [:]

    func task(for key: String, _ make: @escaping @Sendable () async throws -> any Sendable) -> Task<any Sendable, any Error> {
        if let existing = tasks[key] { return existing }
        let task = Task { try await make() }
        tasks[key] = task
        return task
    }
}
