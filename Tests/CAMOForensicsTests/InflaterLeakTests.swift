import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// zlib's inflate state (about 40 kB with its window) is released on every path: read, truncated,
/// corrupt and over the limit. Hundreds of reads leave the heap flat (see `HeapUsage`).
@Suite(.enabled(if: HeapUsage.checksIsolated, "heap counters need a process of their own: make test runs each leak suite alone with CAMO_LEAK_TESTS=1"),
       .serialized)
struct InflaterLeakTests {
    @Test func compressedTextDoesNotLeakOnAnyPath() throws {
        let text = [UInt8](repeating: 0x41, count: 10_000)
        let stream = try ZlibStreams.compress(text)
        var corrupt = stream
        corrupt[corrupt.count - 1] ^= 0xFF
        var limits = MetadataLimits.default
        limits.maxInflatedBytes = 5_000
        let files = [stream, Array(stream.prefix(stream.count / 2)), corrupt].map { CompressedTextTests.png([CompressedTextTests.zTXt("comment", $0)]) }
        let runs = 200
        let growth = try HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs {
                for file in files { _ = try MetadataReader.read(file) }
                _ = try MetadataReader.read(files[0], limits: limits)
            }
        }
        #expect(growth < runs * 16, "heap grew \(growth) bytes over \(runs) runs")
    }
}
