import CAMO
import CAMOServer
import CAMOTesting
import Foundation
import Hummingbird
import HummingbirdTesting

/// A pipeline of stubs: a gate that sees one face, a face expert that says 0.8 and a general expert that says 0.3.
func stubPipeline() -> Pipeline {
    Pipeline(name: "stub", gate: StubGate(faces: 1), experts: [
        PipelineExpert(StubExpert("face-stub", pFake: 0.8), roles: [.face]),
        PipelineExpert(StubExpert("general-stub", pFake: 0.3), roles: [.general]),
    ])
}

func makeApplication(_ service: any DetectionService = stubPipeline(), configure: (inout ServerOptions) -> Void = { _ in })
    -> (DetectionServer, some ApplicationProtocol)
{
    var options = ServerOptions()
    options.port = 0
    configure(&options)
    let server = DetectionServer(service: service, options: options)
    return (server, Application(router: server.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0))))
}

let sampleJPEG = try! Fixtures.data("decode/synthetic/jpeg_q85_420.jpg")
let samplePNG = try! Fixtures.data("decode/synthetic/png_1x1.png")

func jsonBody(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func multipartBody(boundary: String, fields: [(name: String, filename: String?, body: Data)]) -> ByteBuffer {
    var data = Data()
    for field in fields {
        data += Data("--\(boundary)\r\n".utf8)
        var disposition = "Content-Disposition: form-data; name=\"\(field.name)\""
        if let filename = field.filename { disposition += "; filename=\"\(filename)\"" }
        data += Data("\(disposition)\r\n".utf8)
        if field.filename != nil { data += Data("Content-Type: image/jpeg\r\n".utf8) }
        data += Data("\r\n".utf8) + field.body + Data("\r\n".utf8)
    }
    data += Data("--\(boundary)--\r\n".utf8)
    return ByteBuffer(bytes: data)
}

/// A response body as a JSON tree (numbers, booleans and nulls kept apart, for schema checks).
enum JSONValue: Decodable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    init(_ buffer: ByteBuffer?) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer ?? ByteBuffer()))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    var string: String? { if case .string(let value) = self { return value }; return nil }
    var number: Double? { if case .number(let value) = self { return value }; return nil }
    var array: [JSONValue]? { if case .array(let value) = self { return value }; return nil }
}

/// The stub pipeline, recording whether each request asked for objects.
final class ObjectRecordingService: DetectionService, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [Bool] = []
    var requests: [Bool] { lock.withLock { asked } }

    func detect(bytes: Data, id: String) async -> DetectionResult {
        await detect(bytes: bytes, id: id, includingObjects: false)
    }

    func detect(bytes: Data, id: String, includingObjects: Bool) async -> DetectionResult {
        lock.withLock { asked.append(includingObjects) }
        return await stubPipeline().detect(bytes: bytes, id: id)
    }

    func verdict(for pFake: Double, threshold: Double) -> Verdict { stubPipeline().verdict(for: pFake, threshold: threshold) }
    func describe() -> PipelineDescription { stubPipeline().describe() }
}

/// A service that waits to be released before answering, so tests decide when work finishes.
final class HeldService: DetectionService, @unchecked Sendable {
    private let lock = NSLock()
    private let gate = Latch()
    private var started = 0

    var startedCount: Int { lock.withLock { started } }

    func detect(bytes: Data, id: String) async -> DetectionResult {
        lock.withLock { started += 1 }
        await gate.wait()
        return await stubPipeline().detect(bytes: bytes, id: id)
    }

    func verdict(for pFake: Double, threshold: Double) -> Verdict { pFake > threshold ? .fake : .real }

    func describe() -> PipelineDescription {
        PipelineDescription(name: "held", routing: "hard", aggregation: "max", threshold: 0.5, uncertainBand: 0, experts: [], models: [])
    }

    func release() {
        gate.open()
    }
}

/// A gate tests open once: everything waiting on it resumes, and later waits return at once.
final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow: Bool = lock.withLock {
                if isOpen { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            isOpen = true
            defer { waiters = [] }
            return waiters
        }
        waiting.forEach { $0.resume() }
    }
}

/// Polls `condition` every 10 ms for up to `seconds` (5); true when it held.
func eventually(within seconds: Int = 5, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    for _ in 0..<(seconds * 100) {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
