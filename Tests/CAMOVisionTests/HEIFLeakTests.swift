import CAMOTesting
import CAMOVision
import Foundation
import Testing

/// Every libheif context, handle, image and options block is released exactly once, on success and
/// on every failure path: hundreds of decodes leave the heap flat (see `HeapUsage`).
@Suite(.enabled(if: HeapUsage.checksIsolated, "heap counters need a process of their own: make test runs each leak suite alone with CAMO_LEAK_TESTS=1"),
       .serialized)
struct HEIFLeakTests {
    @Test func decodesDoNotLeak() throws {
        // With alpha, libheif decodes two images; the EXIF item is read by the metadata reader too.
        let files = try ["heic_alpha.heic", "avif_alpha.avif", "heic_orientation_6.heic"].map { try Fixtures.data("decode/heif/\($0)") }
        let runs = 200
        let growth = try HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs {
                for data in files {
                    _ = try ImageDecoder.decode(data)
                    _ = try ImageDecoder.info(data)
                    _ = try HEIFMetadata.read(data)
                }
            }
        }
        // One leaked decoded image would add ≥ 2.5 kB per run; a leaked handle or context hundreds of bytes.
        #expect(growth < runs * 16, "heap grew \(growth) bytes over \(runs) runs")
    }

    @Test func failuresDoNotLeak() throws {
        let whole = try [UInt8](Fixtures.data("decode/heif/heic_420.heic"))
        let mdat = try #require(whole.indices.first { whole[$0...].starts(with: Array("mdat".utf8)) })
        let failing = [
            Data(whole[..<(whole.count / 2)]),  // refused while reading the container
            Data(whole[..<(mdat + 4)] + [UInt8](repeating: 0, count: whole.count - mdat - 4)),  // refused while decoding
        ]
        let tooLarge = DecodingOptions(maxPixels: 100)  // refused between reading and decoding
        let runs = 200
        let growth = HeapUsage.smallestGrowth(rounds: 8) {
            for _ in 0..<runs {
                for data in failing { _ = try? ImageDecoder.decode(data) }
                _ = try? ImageDecoder.decode(Data(whole), options: tooLarge)
            }
        }
        #expect(growth < runs * 16, "heap grew \(growth) bytes over \(runs) runs")
    }
}
