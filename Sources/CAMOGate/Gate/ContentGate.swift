import CAMOVision

/// Decides what an image shows. `Gate` is the real one (face and object detectors); tests and
/// callers that already know the content can supply their own.
public protocol ContentGate: Sendable {
    func decide(_ image: Image) async throws -> GateDecision
}
