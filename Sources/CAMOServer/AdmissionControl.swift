import Foundation

/// Lets at most `maxConcurrency` jobs run at once and at most `queueDepth` wait; beyond that, callers are turned
/// away at once instead of piling up in memory.
public final class AdmissionControl: @unchecked Sendable {
    public enum Refusal: Error, Equatable {
        /// Every slot is busy and the queue is full.
        case queueFull
        /// The caller was cancelled (e.g. timed out) while waiting.
        case cancelled
    }

    public let maxConcurrency: Int
    public let queueDepth: Int
    private let lock = NSLock()
    private var running = 0
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextTicket: UInt64 = 0

    public init(maxConcurrency: Int, queueDepth: Int) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.queueDepth = max(0, queueDepth)
    }

    /// Jobs running now.
    public var inFlight: Int { lock.withLock { running } }
    /// Jobs waiting for a slot now.
    public var queued: Int { lock.withLock { waiting.count } }

    /// Every slot is busy and the queue is full, so a job arriving now would be refused. The server checks this
    /// before reading a request body, so that overload costs no body buffers; `run` still has the last word.
    public var isFull: Bool { lock.withLock { running >= maxConcurrency && waiting.count >= queueDepth } }

    /// Runs `job` when a slot is free; throws `Refusal.queueFull` at once when the queue is full.
    public func run<T: Sendable>(_ job: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await job()
    }

    private func acquire() async throws {
        let ticket: UInt64 = lock.withLock {
            nextTicket += 1
            return nextTicket
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Decided under one lock so that a slot freed meanwhile is never missed.
                let outcome: Result<Void, Refusal>? = lock.withLock {
                    if Task.isCancelled { return .failure(.cancelled) }
                    if running < maxConcurrency {
                        running += 1
                        return .success(())
                    }
                    guard waiting.count < queueDepth else { return .failure(.queueFull) }
                    waiting.append((ticket, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome.mapError { $0 as any Error }) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let index = waiting.firstIndex(where: { $0.id == ticket }) else { return nil }
                return waiting.remove(at: index).continuation
            }
            continuation?.resume(throwing: Refusal.cancelled)
        }
    }

    /// Hands the slot straight to the longest waiter, so `running` never drops below what is owed.
    private func release() {
        let next: CheckedContinuation<Void, any Error>? = lock.withLock {
            if waiting.isEmpty {
                running -= 1
                return nil
            }
            return waiting.removeFirst().continuation
        }
        next?.resume()
    }
}
