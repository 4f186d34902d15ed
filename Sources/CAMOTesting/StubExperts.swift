import CAMO
import CAMOGate
import CAMOVision
import Foundation

/// An expert that answers with a fixed opinion, or throws, and counts how often it was asked.
public final class StubExpert: Expert, @unchecked Sendable {
    public let name: String
    private let answer: Result<ExpertOpinion, StubFailure>
    private let lock = NSLock()
    private var calls = 0

    public struct StubFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ name: String, pFake: Double) {
        self.name = name
        self.answer = .success(ExpertOpinion(pFake: pFake))
    }

    public init(_ name: String, opinion: ExpertOpinion) {
        self.name = name
        self.answer = .success(opinion)
    }

    public init(_ name: String, failingWith message: String) {
        self.name = name
        self.answer = .failure(StubFailure(description: message))
    }

    public var callCount: Int { lock.withLock { calls } }

    public func opinion(for context: ImageContext) async throws -> ExpertOpinion {
        lock.withLock { calls += 1 }
        return try answer.get()
    }
}

/// A gate that returns a fixed decision and counts its runs.
public final class StubGate: ContentGate, @unchecked Sendable {
    private let decision: GateDecision
    private let lock = NSLock()
    private var runs = 0

    public init(_ decision: GateDecision) {
        self.decision = decision
    }

    /// A decision with `faces` faces of the given score (content `face` when any), and these categories.
    public convenience init(faces: Int = 0, faceScore: Float = 0.9, categories: [String] = []) {
        let face = GateFace(box: Box(minX: 10, minY: 10, maxX: 50, maxY: 60), score: faceScore, keypoints: [])
        self.init(GateDecision(content: faces > 0 ? .face : .general, categories: categories,
                               faces: Array(repeating: face, count: faces)))
    }

    public var runCount: Int { lock.withLock { runs } }

    public func decide(_ image: Image) async throws -> GateDecision {
        lock.withLock { runs += 1 }
        return decision
    }
}

extension ImageContext {
    /// A small grey image judged by `gate`, for pipeline tests.
    public static func sample(gate: any ContentGate, id: String = "sample") -> ImageContext {
        ImageContext(id: id, bytes: Data(), image: Image(width: 8, height: 8, fill: (128, 128, 128)), gate: gate)
    }

    /// A seeded-noise image of the given size judged by `gate` (default: a gate that finds nothing), for experts
    /// that read pixels.
    public static func sample(width: Int, height: Int, gate: any ContentGate = StubGate(), id: String = "sample") -> ImageContext {
        var random = SeededGenerator(seed: UInt64(width * 7919 + height))
        let pixels = (0..<(width * height * 3)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let image = (try? Image(width: width, height: height, pixels: pixels)) ?? Image(width: width, height: height)
        return ImageContext(id: id, bytes: Data(), image: image, gate: gate)
    }
}
