import CAMORuntime
import Foundation
import Glibc
import Testing

/// Every ORT object is released exactly once: thousands of runs and sessions leave the heap flat.
/// Resident memory cannot see small leaks, so this reads glibc's heap-in-use counter, which counts
/// every thread's allocations: a neighbouring suite allocating at the same moment looks like a leak.
/// So these checks run only in a process of their own (`make test` runs them after the parallel
/// suites as `CAMO_LEAK_TESTS=1 swift test --filter LeakTests`), and each takes the smallest growth
/// over a few rounds, since a real leak grows in every round.
@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled && RuntimeTestSupport.leakChecksIsolated,
                "heap counters need a process of their own: set CAMO_LEAK_TESTS=1 and --filter LeakTests"),
       .serialized)
struct LeakTests {

    private typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Bytes the heap holds for the program: glibc's `malloc_info` totals (the Glibc module does
    /// not export it, nor `mallinfo2`), memory obtained from the system minus free chunks, plus
    /// mmap'd chunks. Trimming first returns each arena's free top chunk, which malloc_info would
    /// otherwise count as in use.
    static func heapInUse() -> Int {
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(trim, to: MallocTrim.self)(0)
        }
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else { return 0 }
        let mallocInfo = unsafeBitCast(symbol, to: MallocInfo.self)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return 0 }
        _ = mallocInfo(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard let buffer else { return 0 }
        let xml = String(cString: buffer)
        // Totals over every arena follow the last per-arena section.
        let totals = xml.range(of: "</heap>", options: .backwards).map { String(xml[$0.upperBound...]) } ?? xml
        return attribute(totals, "<system type=\"current\"") + attribute(totals, "<total type=\"mmap\"")
            - attribute(totals, "<total type=\"fast\"") - attribute(totals, "<total type=\"rest\"")
    }

    /// The `size` attribute of the first `element` in `text`.
    private static func attribute(_ text: String, _ element: String) -> Int {
        guard let start = text.range(of: element),
              let line = text[start.upperBound...].split(separator: "\n").first,
              let sizeRange = line.range(of: "size=\""),
              let end = line[sizeRange.upperBound...].firstIndex(of: "\"")
        else { return 0 }
        return Int(line[sizeRange.upperBound..<end]) ?? 0
    }

    static func smallestGrowth(rounds: Int, _ body: () throws -> Void) rethrows -> Int {
        try body()  // warm caches and arenas first
        var smallest = Int.max
        for _ in 0..<rounds {
            let before = heapInUse()
            try body()
            smallest = min(smallest, heapInUse() - before)
        }
        return smallest
    }

    @Test func runsDoNotLeak() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("tiny_conv.onnx"))
        let input = try Tensor(shape: [1, 2, 5, 5], scalars: (0..<50).map { Float($0) / 50 })
        let runs = 2000
        let growth = try Self.smallestGrowth(rounds: 4) {
            for _ in 0..<runs { _ = try session.run(["x": input]) }
        }
        // One leaked status, value or output buffer per run would add ≥ 16 bytes per run.
        #expect(growth < runs * 8, "heap grew \(growth) bytes over \(runs) runs")
    }

    @Test func failedRunsDoNotLeak() throws {
        let session = try InferenceSession(contentsOf: RuntimeTestSupport.fixture("tiny_conv.onnx"))
        let wrong = try Tensor(shape: [1, 2, 5, 6], scalars: [Float](repeating: 0, count: 60))
        let runs = 2000
        let growth = Self.smallestGrowth(rounds: 4) {
            for _ in 0..<runs { _ = try? session.run(["x": wrong]) }
        }
        #expect(growth < runs * 8, "heap grew \(growth) bytes over \(runs) failed runs")
    }

    @Test func sessionsDoNotLeak() throws {
        // Fourteen inputs and outputs: leaking only the seven input names already costs about 260
        // bytes per session (checked by removing their release); a leaked type info or session more.
        // ONNX Runtime itself keeps about 60 bytes per session created.
        let url = RuntimeTestSupport.fixture("identity_types.onnx")
        let sessions = 400
        let growth = try Self.smallestGrowth(rounds: 4) {
            for _ in 0..<sessions { _ = try InferenceSession(contentsOf: url) }
        }
        #expect(growth < sessions * 160, "heap grew \(growth) bytes over \(sessions) sessions")
    }
}
