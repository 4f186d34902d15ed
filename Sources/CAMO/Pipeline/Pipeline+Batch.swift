import Foundation

/// One image to judge: an id for the result and a way to read its bytes when its turn comes
/// (so a batch of thousands does not hold every file in memory).
public struct ImageInput: Sendable {
    public var id: String
    public var read: @Sendable () throws -> Data

    public init(id: String, read: @escaping @Sendable () throws -> Data) {
        self.id = id
        self.read = read
    }

    public static func file(_ url: URL, id: String? = nil) -> ImageInput {
        ImageInput(id: id ?? url.path) { try Data(contentsOf: url) }
    }
}

extension Pipeline {
    /// Judges `inputs` with at most `concurrency` images in flight; `onResult` is called as each finishes
    /// (in completion order, with the input's index). An unreadable file gives a result with its error.
    public func detect(
        _ inputs: [ImageInput], concurrency: Int, onResult: @escaping @Sendable (Int, DetectionResult) async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                guard next < inputs.count else { return }
                let index = next
                next += 1
                group.addTask {
                    let input = inputs[index]
                    let result: DetectionResult
                    do {
                        result = await detect(bytes: try input.read(), id: input.id)
                    } catch {
                        result = .failure(id: input.id, threshold: aggregation.threshold, error: "cannot read: \(error)")
                    }
                    await onResult(index, result)
                }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            for await _ in group { startNext() }
        }
    }
}
