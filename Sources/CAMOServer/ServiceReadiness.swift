import Foundation

/// Whether the server can judge images yet. `camo serve` binds its socket first (so `/healthz` answers at once),
/// then loads the pipeline and runs one warm-up detection; only then is it ready.
final class ServiceReadiness: @unchecked Sendable {
    enum State {
        case loading
        case warmingUp
        case ready(any DetectionService)
        case failed(String)
    }

    private let lock = NSLock()
    private var state: State
    private var loadSeconds = 0.0
    private var warmUpSeconds = 0.0

    init(_ state: State) {
        self.state = state
    }

    /// The service, once loaded and warmed up.
    var service: (any DetectionService)? {
        lock.withLock {
            if case .ready(let service) = state { return service }
            return nil
        }
    }

    /// Why requests cannot be judged now; nil when ready.
    var notReadyReason: String? {
        lock.withLock {
            switch state {
            case .loading: return "loading the pipeline"
            case .warmingUp: return "running the warm-up detection"
            case .ready: return nil
            case .failed(let reason): return "the pipeline failed to load: \(reason)"
            }
        }
    }

    /// Seconds spent loading the pipeline and on the warm-up detection (0 until each has happened).
    var timings: (load: Double, warmUp: Double) {
        lock.withLock { (loadSeconds, warmUpSeconds) }
    }

    func loaded(after seconds: Double) {
        lock.withLock {
            loadSeconds = seconds
            state = .warmingUp
        }
    }

    func warmedUp(_ service: any DetectionService, after seconds: Double) {
        lock.withLock {
            warmUpSeconds = seconds
            state = .ready(service)
        }
    }

    func failed(_ reason: String) {
        lock.withLock { state = .failed(reason) }
    }
}
