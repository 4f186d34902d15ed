import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// Thousands of seeded mutations of real model bytes go through the reader and, when it accepts
/// them, through ONNX Runtime: every one must end in a result or a typed error, never a crash.
@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled))
struct MutationTests {
    static func mutate(_ original: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch random.next() % 5 {
        case 0:  // flip a few bits
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            }
        case 1:  // overwrite a byte, often one that lengths and keys live in
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = [0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12].randomElement(using: &random)!
        case 2:  // truncate
            bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
        case 3:  // insert random bytes
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(contentsOf: (0..<Int.random(in: 1...6, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
        default:  // duplicate a slice elsewhere
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let slice = bytes[start..<min(bytes.count, start + Int.random(in: 1...32, using: &random))]
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes
    }

    static var models: [URL] {
        var urls = [RuntimeTestSupport.fixture("tiny_conv.onnx")]
        let meso = Fixtures.modelsDirectory.appendingPathComponent("experts/mesonet_meso4_df.onnx")
        if FileManager.default.fileExists(atPath: meso.path) { urls.append(meso) }
        return urls
    }

    @Test func mutatedModelsNeverCrash() throws {
        let folder = try Fixtures.temporaryDirectory("camo-mutation")
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededGenerator(state: 20_261_127)
        var outcomes: [String: Int] = [:]
        for model in Self.models {
            let original = [UInt8](try Data(contentsOf: model))
            let variants = model.lastPathComponent == "tiny_conv.onnx" ? 2500 : 600
            for index in 0..<variants {
                let bytes = Self.mutate(original, using: &random)
                guard (try? ONNXModel(bytes: bytes)) != nil else {
                    outcomes["refused by reader", default: 0] += 1
                    continue
                }
                let url = folder.appendingPathComponent("variant-\(index).onnx")
                try Data(bytes).write(to: url)
                defer { try? FileManager.default.removeItem(at: url) }
                do {
                    let session = try InferenceSession(contentsOf: url)
                    _ = try session.run(try LightModelInputs.feeds(for: session))
                    outcomes["ran", default: 0] += 1
                } catch is RuntimeError {
                    outcomes["typed runtime error", default: 0] += 1
                } catch is TensorError {
                    outcomes["typed tensor error", default: 0] += 1
                }
            }
        }
        #expect(outcomes.values.reduce(0, +) >= 2500)
        // Both paths must be exercised for the test to mean anything.
        #expect(outcomes["refused by reader", default: 0] > 100)
        #expect(outcomes["typed runtime error", default: 0] + outcomes["ran", default: 0] > 100)
        print("mutation outcomes: \(outcomes.sorted { $0.key < $1.key })")
    }
}
