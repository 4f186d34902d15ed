import CAMOEval
import CAMOTesting
import Foundation
import Testing

struct PredictionCacheTests {
    @Test func survivesATornLastLine() async throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("cache.jsonl")
        let cache = try PredictionCache(url: url)
        var prediction = Prediction(id: "a.png", sha256: "s", system: "p", augmentation: "none", failure: "x")
        prediction.pFake = 0.25
        await cache.store(prediction, for: "k1")
        // A crash mid-write leaves half a line.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"key\":\"k2\",\"predic".utf8))
        try handle.close()

        let reopened = try PredictionCache(url: url)
        #expect(await reopened.count == 1)
        #expect(await reopened.value(for: "k1") == prediction)
        #expect(await reopened.value(for: "k2") == nil)
        await reopened.store(prediction, for: "k3")
        let third = try PredictionCache(url: url)
        #expect(await third.count == 2)
    }
}
