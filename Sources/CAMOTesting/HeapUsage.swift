#if canImport(Glibc)
import Foundation
import Glibc

/// Leak checks by glibc's heap-in-use counter. Resident memory cannot see small leaks, so this reads
/// the counter, which counts every thread's allocations: a neighbouring suite allocating at the same
/// moment looks like a leak, and so does another leak suite, since the suites of one process run
/// concurrently. So each leak suite runs alone in a process of its own (`make test` runs every one after
/// the parallel suites as `CAMO_LEAK_TESTS=1 swift test --filter <Target>.<Suite>`), and each check
/// takes the smallest growth over several rounds, since a real leak grows in every round.
public enum HeapUsage {
    /// Set by `make test` for its separate leak-check step; a plain `swift test` skips those suites.
    public static let checksIsolated = ProcessInfo.processInfo.environment["CAMO_LEAK_TESTS"] == "1"

    private typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Bytes the heap holds for the program: glibc's `malloc_info` totals (the Glibc module does
    /// not export it, nor `mallinfo2`), memory obtained from the system minus free chunks, plus
    /// mmap'd chunks. Trimming first returns each arena's free top chunk, which malloc_info would
    /// otherwise count as in use.
    public static func inUse() -> Int {
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

    /// How much the heap grew over one run of `body`, the smallest over `rounds` runs after a warm-up.
    public static func smallestGrowth(rounds: Int, _ body: () throws -> Void) rethrows -> Int {
        try body()  // warm caches and arenas first
        var smallest = Int.max
        for _ in 0..<rounds {
            let before = inUse()
            try body()
            smallest = min(smallest, inUse() - before)
        }
        return smallest
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
}
#endif
