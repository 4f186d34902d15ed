import CAMO
import CAMOForensics
import CAMOVision
import Foundation

/// Judges a video with an image pipeline: sampled frames through the gate, routing and experts; faces linked into
/// tracks; frame and track verdicts combined so that a video is `fake` only when several calibrated frame verdicts
/// (or container evidence) say so.
///
/// ```swift
/// let result = try await VideoDetector(pipeline: pipeline).detect(path: "clip.mp4")
/// ```
public struct VideoDetector: Sendable {
    public let pipeline: Pipeline
    /// The pipeline's provenance expert, which reads the container's C2PA manifest with its trust list.
    public let provenance: ProvenanceExpert?
    public var sampling: FrameSampling
    public var limits: VideoLimits
    /// Fewest frames called fake for the video to be called fake; default 2 (and a quarter of the judged frames).
    public var minimumFakeFrames: Int

    /// Container tags whose values name a generator, and the words that name one.
    static let generatorTags = ["encoder", "software", "comment", "description", "com.apple.quicktime.software",
                                "com.apple.quicktime.comment", "com.apple.quicktime.description", "tool", "creation_tool"]
    static let generatorWords = ["sora", "runway", "pika", "kling", "luma", "dream machine", "veo", "hailuo", "minimax", "animatediff",
                                 "stable video", "comfyui", "synthesia", "heygen", "d-id", "gen-2", "gen-3", "invideo ai", "wan2", "hunyuan"]

    /// `pipeline`'s evidence experts are left out: a frame has no file of its own; the container is read instead.
    public init(pipeline: Pipeline, sampling: FrameSampling = FrameSampling(), limits: VideoLimits = VideoLimits(), minimumFakeFrames: Int = 2) {
        self.pipeline = pipeline.withoutEvidenceExperts()
        self.provenance = pipeline.experts.lazy.compactMap { $0.expert as? ProvenanceExpert }.first
        self.sampling = sampling
        self.limits = limits
        self.minimumFakeFrames = minimumFakeFrames
    }

    /// Whether `path` opens as a video (a container FFmpeg reads with a video stream).
    public static func isVideo(path: String) -> Bool {
        (try? VideoDecoder(path: path)) != nil
    }

    public func detect(path: String, id: String? = nil,
                       progress: (@Sendable (_ time: Double, _ duration: Double?) -> Void)? = nil) async throws(VideoError) -> VideoResult {
        let clock = ContinuousClock()
        let start = clock.now
        var keyFramesOnly = false
        if case .keyFrames = sampling.mode { keyFramesOnly = true }
        let decoder = try VideoDecoder(path: path, limits: limits, keyFramesOnly: keyFramesOnly)
        var selector = FrameSampling.Selector(sampling, duration: decoder.info.duration)
        var tracker = FaceTracker()
        var frames: [VideoResult.FrameScore] = []
        var errors: [String] = []
        var decodeTime = Duration.zero, pipelineTime = Duration.zero
        var decoded = 0
        while true {
            let before = clock.now
            let next: VideoFrame?
            do { next = try decoder.nextFrame() } catch {
                if frames.isEmpty { throw error }
                errors.append("decoding stopped: \(error)")
                break
            }
            decodeTime += clock.now - before
            guard let frame = next else { break }
            decoded += 1
            let (keep, done) = selector.take(time: frame.time, isKeyFrame: frame.isKeyFrame)
            if keep {
                let judged = clock.now
                let context = ImageContext(id: "\(id ?? path)@\(String(format: "%.3f", frame.time))", bytes: Data(), image: frame.image,
                                           gate: pipeline.gate)
                let result = await pipeline.detect(context)
                pipelineTime += clock.now - judged
                let faces = (result.gate?.faces ?? []).map { FaceTracker.Observation(box: $0.box, landmarks: $0.landmarks) }
                errors += result.errors.map { "frame at \(String(format: "%.2f", frame.time)) s: \($0)" }
                frames.append(VideoResult.FrameScore(time: frame.time, index: frame.index, verdict: result.verdict, basis: result.basis,
                                                     pFake: result.pFake, pFakeRaw: result.pFakeRaw,
                                                     tracks: tracker.assign(faces, at: frame.time)))
                progress?(frame.time, decoder.info.duration)
            }
            if done { break }
        }
        var result = VideoResult(
            id: id ?? path, sha256: nil, info: decoder.info, sampling: sampling, verdict: .uncertain, basis: .none, reason: "",
            pFake: Quantiles.median(frames.compactMap(\.pFake)), framesDecoded: decoded, frames: frames, tracks: Self.tracks(frames),
            suspicious: [], evidence: Self.evidence(in: decoder.info.metadata), errors: errors, timingsMs: [:])
        readProvenance(path, into: &result)
        result.suspicious = Self.ranges(frames)
        judge(&result)
        result.timingsMs = ["decode": decodeTime.milliseconds, "pipeline": pipelineTime.milliseconds,
                            "total": (clock.now - start).milliseconds]
        return result
    }

    /// The container's C2PA manifest (MP4, MOV), validated as an image's is: a generative claim bound to the file is
    /// evidence of a fake; a capture declared by a trusted signer, evidence of a real recording.
    func readProvenance(_ path: String, into result: inout VideoResult) {
        guard let provenance else { return }
        let metadata: ImageMetadata
        do {
            metadata = try MetadataReader.read(contentsOf: URL(fileURLWithPath: path), limits: provenance.limits,
                                               c2paValidator: provenance.c2paValidator)
        } catch {
            return  // WebM, MKV and other containers carry no C2PA store CAMO reads.
        }
        if let validation = metadata.c2pa?.validation { result.c2pa = ProvenanceAnalyzer.validationSummary(validation) }
        let report = provenance.analyzer.analyze(metadata)
        guard report.applicable, let pFake = report.pFake, let strongest = report.evidence.first else { return }
        result.provenancePFake = pFake
        result.evidence.insert("\(strongest.location): \(strongest.detail)", at: 0)
    }

    /// The video's verdict from its evidence, frames and tracks.
    public func judge(_ result: inout VideoResult) {
        let judged = result.frames.count
        let fakeFrames = result.frames.filter { $0.verdict == .fake }
        let needed = max(minimumFakeFrames, Int((Double(judged) * 0.25).rounded(.up)))
        let fakeTracks = result.tracks.filter { $0.verdict == .fake }
        if let pFake = result.provenancePFake, let strongest = result.evidence.first {
            result.verdict = pFake >= 0.5 ? .fake : .real
            result.basis = .evidence
            result.pFake = pFake
            result.reason = pFake >= 0.5 ? "The file's provenance says it was generated (\(strongest))."
                : "The file's provenance declares a capture by a trusted signer (\(strongest))."
        } else if let tag = result.evidence.first {
            result.verdict = .fake
            result.basis = .evidence
            result.reason = "The container names a generator (\(tag))."
        } else if judged == 0 {
            result.reason = "No frame could be judged."
        } else if fakeFrames.count >= needed || !fakeTracks.isEmpty {
            result.verdict = .fake
            result.basis = fakeFrames.first?.basis ?? .calibratedExperts
            let where_ = result.suspicious.prefix(3).map { String(format: "%.1f–%.1f s", $0.start, $0.end) }.joined(separator: ", ")
            result.reason = "\(fakeFrames.count) of \(judged) judged frames were called fake"
                + (fakeTracks.isEmpty ? "" : ", and face track \(fakeTracks.map { String($0.id) }.joined(separator: ", ")) over most of its frames")
                + (where_.isEmpty ? "." : " (\(where_)).")
        } else if result.frames.allSatisfy({ $0.verdict == .real }) {
            result.verdict = .real
            result.basis = result.frames.first?.basis ?? .none
            result.reason = "Every one of the \(judged) judged frames was called real."
        } else {
            result.basis = fakeFrames.isEmpty ? (result.frames.first { $0.verdict == .uncertain }?.basis ?? .none) : fakeFrames[0].basis
            result.reason = fakeFrames.isEmpty
                ? "No frame was called fake, but \(result.frames.filter { $0.verdict == .uncertain }.count) of \(judged) could not be called."
                : "\(fakeFrames.count) of \(judged) judged frames were called fake: fewer than the \(needed) a fake verdict needs."
        }
    }

    /// Tracks from the frames' assignments: a track is fake when at least two of its frames, and half of them, were.
    public static func tracks(_ frames: [VideoResult.FrameScore]) -> [VideoResult.Track] {
        var byTrack: [Int: [VideoResult.FrameScore]] = [:]
        for frame in frames { for track in Set(frame.tracks) { byTrack[track, default: []].append(frame) } }
        return byTrack.keys.sorted().map { id in
            let members = byTrack[id]!
            let fake = members.filter { $0.verdict == .fake }.count
            let verdict: Verdict = fake >= 2 && fake * 2 >= members.count ? .fake
                : members.allSatisfy { $0.verdict == .real } ? .real : .uncertain
            return VideoResult.Track(id: id, start: members.first!.time, end: members.last!.time, frames: members.count,
                                     pFake: Quantiles.median(members.compactMap(\.pFake)), fakeFrames: fake, verdict: verdict)
        }
    }

    /// Runs of consecutive judged frames called fake, for whole frames and then per track.
    public static func ranges(_ frames: [VideoResult.FrameScore]) -> [VideoResult.TimeRange] {
        func runs(_ flags: [Bool], track: Int?) -> [VideoResult.TimeRange] {
            var result: [VideoResult.TimeRange] = []
            var current: VideoResult.TimeRange?
            for (frame, flagged) in zip(frames, flags) {
                if flagged {
                    let score = frame.pFake ?? 1
                    if var open = current {
                        open.end = frame.time
                        open.frames += 1
                        open.maxPFake = max(open.maxPFake, score)
                        current = open
                    } else {
                        current = VideoResult.TimeRange(start: frame.time, end: frame.time, frames: 1, maxPFake: score, track: track)
                    }
                } else if let open = current {
                    result.append(open)
                    current = nil
                }
            }
            if let open = current { result.append(open) }
            return result
        }
        var result = runs(frames.map { $0.verdict == .fake }, track: nil)
        let trackIDs = Set(frames.flatMap(\.tracks)).sorted()
        for track in trackIDs {
            let members = frames.map { $0.tracks.contains(track) }
            // A track's run breaks where the face is absent, not only where the frame is not fake.
            result += runs(zip(frames, members).map { $0.verdict == .fake && $1 }, track: track)
        }
        return result
    }

    public static func evidence(in metadata: [String: String]) -> [String] {
        metadata.keys.sorted().compactMap { key in
            guard generatorTags.contains(where: { key.lowercased() == $0 }), let value = metadata[key] else { return nil }
            let lower = value.lowercased()
            return generatorWords.first { lower.contains($0) }.map { _ in "\(key)=\(value)" }
        }
    }
}
