import Foundation

/// Runs work with a time limit. Past the limit the caller gets `APIError.timeout` at once; the work is cancelled
/// (which frees a queued request's place) and, if it is already computing, finishes in the background holding
/// its slot, so the concurrency bound stays true.
enum Deadline {
    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = FirstOutcome<T>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.attach(continuation)
            let worker = Task {
                do { outcome.settle(.success(try await work())) } catch { outcome.settle(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                guard !Task.isCancelled else { return }
                if outcome.settle(.failure(APIError.timeout(seconds: seconds))) { worker.cancel() }
            }
            outcome.onSettle { timer.cancel() }
        }
    }
}

/// Resumes a continuation with whichever outcome arrives first.
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var settled = false
    private var cleanup: (@Sendable () -> Void)?

    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func onSettle(_ action: @escaping @Sendable () -> Void) {
        let runNow: Bool = lock.withLock {
            if settled { return true }
            cleanup = action
            return false
        }
        if runNow { action() }
    }

    @discardableResult
    func settle(_ result: Result<T, any Error>) -> Bool {
        let (continuation, cleanup): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) = lock.withLock {
            guard !settled else { return (nil, nil) }
            settled = true
            defer { self.continuation = nil; self.cleanup = nil }
            return (self.continuation, self.cleanup)
        }
        guard let continuation else { return false }
        continuation.resume(with: result)
        cleanup?()
        return true
    }
}
