import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// The hand-written ModelProto reader against onnx's own parser (model_summaries.json, written by
/// scripts/oracles/runtime_fixtures.py), and against malformed bytes.
struct ONNXModelTests {
    struct Summary: Decodable {
        let ir_version: Int64
        let producer_name: String
        let opset: [[OpsetEntry]]
        let operators: [String: Int]
        let parameters: Int64
        let initializers: Int
        let inputs: [String]
        let outputs: [String]
    }

    enum OpsetEntry: Decodable, Equatable {
        case domain(String), version(Int64)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let version = try? container.decode(Int64.self) { self = .version(version) } else {
                self = .domain(try container.decode(String.self))
            }
        }
    }

    static let summaries: [String: Summary] = {
        (try? JSONDecoder().decode([String: Summary].self, from: Fixtures.data("runtime/model_summaries.json"))) ?? [:]
    }()

    static func check(_ model: ONNXModel, against summary: Summary) {
        #expect(model.irVersion == summary.ir_version)
        #expect(model.producerName == summary.producer_name)
        #expect(model.operatorSets.map { [OpsetEntry.domain($0.domain), .version($0.version)] } == summary.opset)
        #expect(model.operatorCounts == summary.operators)
        #expect(model.parameterCount == summary.parameters)
        #expect(model.initializerCount == summary.initializers)
        #expect(model.inputs.map(\.name) == summary.inputs)
        #expect(model.outputs.map(\.name) == summary.outputs)
    }

    @Test func fixtureModelMatchesONNXsParser() throws {
        let model = try ONNXModel(contentsOf: Fixtures.url("runtime/tiny_conv.onnx"))
        Self.check(model, against: try #require(Self.summaries["tiny_conv.onnx"]))
        #expect(model.inputs.first?.dimensions == [.symbolic("N"), .fixed(2), .fixed(5), .fixed(5)])
        #expect(model.inputs.first?.elementType == .float32)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.modelsDirectory.path)))
    func sharedModelsMatchONNXsParser() throws {
        var checked = 0
        for (path, summary) in Self.summaries where path != "tiny_conv.onnx" {
            let url = Fixtures.modelsDirectory.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            Self.check(try ONNXModel(contentsOf: url), against: summary)
            checked += 1
        }
        #expect(checked == Self.summaries.count - 1)
    }

    @Test func externalDataLocationsAreListed() throws {
        let model = try ONNXModel(contentsOf: Fixtures.url("runtime/external_escape/model.onnx"))
        #expect(model.externalDataLocations == ["../external_ok/weights.bin"])
    }

    @Test func emptyAndForeignBytesAreNotONNX() {
        #expect(throws: ONNXFormatError.missingField(message: "ModelProto", field: "ir_version")) {
            _ = try ONNXModel(bytes: [])
        }
        // A JPEG header: field 31 with wire type 7, which does not exist.
        #expect(throws: ONNXFormatError.invalidFieldNumber(offset: 0)) {
            _ = try ONNXModel(bytes: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])
        }
        // ir_version only: a graph is required.
        #expect(throws: ONNXFormatError.missingField(message: "ModelProto", field: "graph")) {
            _ = try ONNXModel(bytes: [0x08, 0x07])
        }
    }

    @Test func lengthsPastTheEndAreRefused() {
        // graph (field 7) claiming 100 bytes with 2 present.
        #expect(throws: ONNXFormatError.lengthOutOfBounds(offset: 3, length: 100)) {
            _ = try ONNXModel(bytes: [0x08, 0x07, 0x3a, 0x64, 0x00, 0x00])
        }
        // A ten-byte varint with overflowing high bits.
        #expect(throws: ONNXFormatError.malformedVarint(offset: 1)) {
            _ = try ONNXModel(bytes: [0x08] + [UInt8](repeating: 0xff, count: 9) + [0x7f])
        }
        #expect(throws: ONNXFormatError.truncated(offset: 2)) {
            _ = try ONNXModel(bytes: [0x08, 0x87])
        }
    }

    @Test func wrongWireTypeIsNamed() {
        // ir_version (field 1) sent as fixed32.
        #expect(throws: ONNXFormatError.unexpectedWireType(message: "ModelProto", field: 1, wireType: 5, offset: 0)) {
            _ = try ONNXModel(bytes: [0x0d, 0, 0, 0, 0])
        }
    }

    /// Subgraphs nest through attributes; a hostile file nesting thousands deep must not exhaust the stack.
    @Test func deepNestingIsBounded() {
        // GraphProto → NodeProto (1) → AttributeProto (5) → GraphProto (6) → …, built inside out.
        var message: [UInt8] = []
        for _ in 0..<2000 {
            message = Self.field(6, message)   // AttributeProto.g
            message = Self.field(5, message)   // NodeProto.attribute
            message = Self.field(1, message)   // GraphProto.node
        }
        let model = [0x08, 0x07] + Self.field(7, message)
        #expect(throws: ONNXFormatError.nestingTooDeep(limit: 64)) {
            _ = try ONNXModel(bytes: model)
        }
    }

    static func field(_ number: UInt8, _ body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [number << 3 | 2]
        var length = body.count
        while length >= 0x80 {
            bytes.append(UInt8(length & 0x7f) | 0x80)
            length >>= 7
        }
        bytes.append(UInt8(length))
        return bytes + body
    }
}
