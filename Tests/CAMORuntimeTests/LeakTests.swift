import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// Every ORT object is released exactly once: thousands of runs and sessions leave the heap flat
/// (glibc's heap counter, in a process of its own: see `HeapUsage`).
@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled && HeapUsage.checksIsolated,
                "heap counters need a process of their own: make test runs each leak suite alone with CAMO_LEAK_TESTS=1"),
       .serialized)
struct LeakTests {
    @Test func runsDoNotLeak() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("tiny_conv.onnx"))
        let input = try Tensor(shape: [1, 2, 5, 5], scalars: (0..<50).map { Float($0) / 50 })
        let runs = 2000
        let growth = try HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs { _ = try session.run(["x": input]) }
        }
        // One leaked status, value or output buffer per run would add ≥ 16 bytes per run.
        #expect(growth < runs * 8, "heap grew \(growth) bytes over \(runs) runs")
    }

    @Test func failedRunsDoNotLeak() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("tiny_conv.onnx"))
        let wrong = try Tensor(shape: [1, 2, 5, 6], scalars: [Float](repeating: 0, count: 60))
        let runs = 2000
        let growth = HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs { _ = try? session.run(["x": wrong]) }
        }
        #expect(growth < runs * 8, "heap grew \(growth) bytes over \(runs) failed runs")
    }

    /// A run that ONNX Runtime itself refuses (a reshape that cannot hold the input) returns an error status the
    /// binding must release; the refusals above never reach ONNX Runtime.
    @Test func runsOnnxRuntimeRefusesDoNotLeak() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("reshape_fails.onnx"))
        let five = try Tensor(shape: [5], scalars: [Float](repeating: 1, count: 5))
        #expect(throws: RuntimeError.self) { try session.run(["x": five]) }
        // ONNX Runtime logs every refused run to standard error; hundreds of identical lines would bury the log.
        let savedError = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY)
        dup2(null, STDERR_FILENO)
        defer {
            dup2(savedError, STDERR_FILENO)
            close(savedError)
            close(null)
        }
        let runs = 2000
        let growth = HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs { _ = try? session.run(["x": five]) }
        }
        // A leaked status holds ONNX Runtime's message, about 350 bytes: leaking it grew the heap by 0.4–0.9 MB over
        // these runs (checked by removing the release), while ONNX Runtime's own logging moves it by up to ±150 KB.
        #expect(growth < runs * 64, "heap grew \(growth) bytes over \(runs) runs ONNX Runtime refused")
    }

    @Test func sessionsDoNotLeak() throws {
        // Fourteen inputs and outputs: leaking only the seven input names already costs about 260
        // bytes per session (checked by removing their release); a leaked type info or session more.
        // ONNX Runtime itself keeps about 60 bytes per session created.
        let url = RuntimeTestSupport.fixture("identity_types.onnx")
        let sessions = 400
        let growth = try HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<sessions { _ = try InferenceSession(contentsOf: url) }
        }
        #expect(growth < sessions * 160, "heap grew \(growth) bytes over \(sessions) sessions")
    }
}
