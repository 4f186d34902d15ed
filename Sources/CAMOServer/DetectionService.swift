import CAMO
import CAMOVideo
import Foundation

/// What the server needs from a pipeline: judge bytes, re-judge a score at another threshold, and say what it is.
/// `Pipeline` conforms; tests use pipelines made of stubs, so nothing here loads a model.
public protocol DetectionService: Sendable {
    /// Judges one encoded image. Never throws: unreadable bytes give an `uncertain` result with `errors`.
    func detect(bytes: Data, id: String) async -> DetectionResult
    /// The same, with the gate's objects detected even when the pipeline does not read them (`include=objects`).
    func detect(bytes: Data, id: String, includingObjects: Bool) async -> DetectionResult
    /// The verdict this service would give `pFake` if its threshold were `threshold` (requests may override it).
    func verdict(for pFake: Double, threshold: Double) -> Verdict
    /// The experts, models, routing and version, for `GET /v1/pipeline`.
    func describe() -> PipelineDescription
    /// Judges the video at `path` frame by frame (docs/video.md); `progress` gets the share of the clip read so far.
    func detectVideo(path: String, id: String, sampling: FrameSampling,
                     progress: @escaping @Sendable (Double) -> Void) async throws -> VideoResult
}

extension DetectionService {
    public func detect(bytes: Data, id: String, includingObjects: Bool) async -> DetectionResult {
        await detect(bytes: bytes, id: id)
    }

    /// A service that is not a pipeline judges no videos: its jobs fail, saying so.
    public func detectVideo(path: String, id: String, sampling: FrameSampling,
                            progress: @escaping @Sendable (Double) -> Void) async throws -> VideoResult {
        throw APIError(.notImplemented, code: "internal", "this service judges images only")
    }
}

extension Pipeline: DetectionService {
    public func detectVideo(path: String, id: String, sampling: FrameSampling,
                            progress: @escaping @Sendable (Double) -> Void) async throws -> VideoResult {
        let cap = sampling.maximumSeconds
        return try await VideoDetector(pipeline: self, sampling: sampling).detect(path: path, id: id) { time, duration in
            progress(min(1, max(0, time / max(min(duration ?? cap, cap), 1e-9))))
        }
    }

    public func verdict(for pFake: Double, threshold: Double) -> Verdict {
        var rule = aggregation
        rule.threshold = threshold
        return rule.verdict(for: pFake)
    }

    public func describe() -> PipelineDescription {
        PipelineDescription(
            name: name,
            routing: routing.rawValue,
            aggregation: aggregation.method.rawValue,
            threshold: aggregation.threshold,
            uncertainBand: aggregation.uncertainBand,
            experts: experts.map {
                PipelineDescription.Expert(
                    name: $0.name, roles: $0.roles.map(\.description), weight: $0.weight, trusted: $0.trusted,
                    decisive: $0.decisive)
            },
            models: models.map {
                PipelineDescription.Model(
                    name: $0.model.name, usedBy: $0.usedBy, file: $0.model.file, sha256: $0.model.sha256, bytes: $0.model.bytes,
                    licence: $0.model.licence, researchOnly: $0.model.researchOnly)
            })
    }
}
