import CAMOTesting
import CAMOVision
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The real `camo serve` process under SIGTERM: requests already received are answered, the listening socket is
/// closed at once, and the process exits 0 once the last answer is written.
@Suite struct ServeProcessTests {
    /// `CAMO_BINARY`, else the `camo` built beside this test bundle (`swift build --build-tests` builds both).
    static let binary: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["CAMO_BINARY"].map { URL(fileURLWithPath: $0) },
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("camo")]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    // Enough work that a release build cannot finish it between "all received" and SIGTERM.
    static let requests = 48

    @Test(.enabled(if: binary != nil, "no camo executable beside the test bundle and CAMO_BINARY is not set"),
          .timeLimit(.minutes(5)))
    func sigtermAnswersEveryRequestInFlightRefusesNewConnectionsAndExitsZero() async throws {
        let folder = try Fixtures.temporaryDirectory("camo-serve-drain")
        defer { try? FileManager.default.removeItem(at: folder) }
        // One slow expert, no models: the watermark expert on a large noisy image, one image at a time.
        let pipelineFile = folder.appendingPathComponent("slow.yaml")
        try """
            name: drain
            gate: { face_detector: none, object_detector: none, landmarks: none }
            experts:
              - { name: watermark, kind: watermark, serves: [general] }
            """.write(to: pipelineFile, atomically: true, encoding: .utf8)
        let image = try Self.noiseJPEG(width: 2000, height: 2000)

        let server = try ServerProcess(binary: try #require(Self.binary), arguments: [
            "serve", "--host", "127.0.0.1", "--port", "0", "--pipeline", pipelineFile.path,
            "--max-concurrency", "1", "--queue", "64", "--timeout", "240",
        ], home: Fixtures.repositoryRoot)
        defer { server.kill() }
        let port = try await server.port()
        // A loaded machine may take a while to start the process; the pipeline itself has no model to load.
        try #require(try await eventually(within: 60) { (try? await Self.get("/readyz", port: port).head.status) == .ok })

        let answered = Counter()
        let inFlight = (0..<Self.requests).map { _ in
            Task {
                defer { answered.increment() }
                return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(240))) {
                    try await $0.post("/v1/detect", headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: image))
                }
            }
        }
        // Every request has been received: each is being judged, waiting in the queue, or answered.
        let received = try await eventually(within: 30) {
            let metrics = String(buffer: try await Self.get("/metrics", port: port).body ?? ByteBuffer())
            let samples = ReadinessTests.samples(metrics)
            let held = (samples["camo_in_flight"] ?? 0) + (samples["camo_queue_depth"] ?? 0)
            return Int(held) + answered.value == Self.requests
        }
        try #require(received, "the requests never reached the server")

        server.terminate()
        try #require(answered.value < Self.requests, "every image was judged before SIGTERM: the test proved nothing")
        var refusedWhileDraining = false
        for _ in 0..<200 where answered.value < Self.requests {
            if (try? await Self.get("/healthz", port: port)) == nil {
                refusedWhileDraining = answered.value < Self.requests
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        for request in inFlight {
            let response = try await request.value
            #expect(response.head.status == .ok)
            #expect(String(buffer: response.body ?? ByteBuffer()).contains("\"verdict\""))
        }
        #expect(refusedWhileDraining, "a new connection was still accepted after SIGTERM while requests were in flight")
        let status = try await server.exitStatus(within: .seconds(60))
        #expect(status == 0, "camo serve exited with \(status); its log:\n\(server.output)")
    }

    static func get(_ path: String, port: Int) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10))) {
            try await $0.get(path)
        }
    }

    /// Noise compresses badly, so the image is large on the wire and slow to analyse.
    static func noiseJPEG(width: Int, height: Int) throws -> Data {
        var generator = SeededGenerator(state: 42)
        let pixels = (0..<(width * height * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return try ImageEncoder.jpeg(try Image(width: width, height: height, pixels: pixels))
    }
}

/// A `camo` child process whose output is collected (and so never blocks it on a full pipe).
final class ServerProcess: @unchecked Sendable {
    private let process = Process()
    private let pipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(binary: URL, arguments: [String], home: URL) throws {
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CAMO_HOME"] = home.path
        environment["CAMO_API_TOKEN"] = nil
        process.environment = environment
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// The port from the server's "listening on HOST:PORT" log line.
    func port() async throws -> Int {
        for _ in 0..<3000 {
            if let match = output.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/), let port = Int(match.1) { return port }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ProcessFailure(message: "camo serve never said where it listens; its output:\n\(output)")
    }

    func terminate() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGTERM) }
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        pipe.fileHandleForReading.readabilityHandler = nil
    }

    func exitStatus(within limit: Duration) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while process.isRunning {
            guard clock.now < deadline else { throw ProcessFailure(message: "camo serve did not exit within \(limit)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() {
        lock.withLock { count += 1 }
    }
}
