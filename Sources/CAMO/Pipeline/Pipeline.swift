import CAMOGate
import CAMORuntime
import CAMOVision
import Foundation

/// The gate, the router, the experts and the aggregator, put together: `try await pipeline.detect(context)`.
public struct Pipeline: Sendable {
    public var name: String
    public private(set) var gate: any ContentGate
    public private(set) var experts: [PipelineExpert]
    public var routing: RoutingMode
    public var aggregation: Aggregation
    /// Limits for decoding the images this pipeline is given.
    public var decoding = DecodingOptions()
    /// The trained combiner of `aggregation: learned`.
    public var learnedAggregator: LearnedAggregator?
    /// The model files this pipeline was built from (filled by `Pipeline.load`; empty for one assembled in code).
    public var models: [PipelineModel] = []
    /// The fitted calibration (`calibration:` in YAML, made by `camo calibrate`). Without one, verdicts compare raw
    /// scores with the fixed threshold and say so (`basis: uncalibrated_experts`).
    public var calibration: PipelineCalibration?
    /// The errors calibrated verdicts may make (`alpha:` and `beta:` in YAML).
    public var errorBudget = ErrorBudget()
    /// The gate with its object detector on, for callers who want objects that this pipeline's own
    /// gate does not detect because nothing in the pipeline reads them (`Pipeline.load` sets it).
    public var gateWithObjects: (any ContentGate)?

    public init(name: String, gate: any ContentGate, experts: [PipelineExpert], routing: RoutingMode = .hard,
                aggregation: Aggregation = Aggregation()) {
        self.name = name
        self.gate = gate
        self.experts = experts
        self.routing = routing
        self.aggregation = aggregation
    }

    /// This pipeline with its object detector on for every image, whether or not anything reads objects.
    public func detectingObjects() -> Pipeline {
        var copy = self
        copy.gate = gateWithObjects ?? gate
        return copy
    }

    /// This pipeline without the experts that read a file's bytes (metadata, C2PA, watermarks): for pixels that come
    /// from no file of their own, such as a video's frames, whose evidence is the container's.
    public func withoutEvidenceExperts() -> Pipeline {
        var copy = self
        copy.experts = experts.filter { !$0.roles.contains(.evidence) }
        return copy
    }

    var router: Router {
        Router(mode: routing, candidates: experts.map { Router.Candidate(name: $0.name, roles: $0.roles, weight: $0.weight) })
    }

    /// Decodes `bytes` and judges the image. Never throws: unreadable bytes give a result whose verdict is
    /// `uncertain` and whose `errors` say what was wrong.
    public func detect(bytes: Data, id: String) async -> DetectionResult {
        await detect(bytes: bytes, id: id, includingObjects: false)
    }

    /// `includingObjects` runs the object detector even when nothing in the pipeline reads objects,
    /// so the result lists them.
    public func detect(bytes: Data, id: String, includingObjects: Bool) async -> DetectionResult {
        let clock = ContinuousClock()
        let start = clock.now
        let sha256 = bytes.withUnsafeBytes { SHA256.hexDigest($0) }
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(bytes, options: decoding)
        } catch {
            var result = DetectionResult.failure(
                id: id, threshold: aggregation.threshold, error: "cannot decode: \(error)",
                timingsMs: ["decode": (clock.now - start).milliseconds])
            result.image.sha256 = sha256
            return result
        }
        let decodeMs = (clock.now - start).milliseconds
        let gate = includingObjects ? gateWithObjects ?? self.gate : self.gate
        var result = await detect(ImageContext(id: id, bytes: bytes, image: decoded.image, gate: gate))
        result.image.sha256 = sha256
        result.image.format = decoded.info.format.rawValue
        result.timingsMs["decode"] = decodeMs
        result.timingsMs["total", default: 0] += decodeMs
        return result
    }

    /// Judges one image. Never throws: a failing gate or expert is reported in `errors` and the others still count.
    public func detect(_ context: ImageContext) async -> DetectionResult {
        let clock = ContinuousClock()
        let start = clock.now
        var errors: [String] = []

        let gateDecision: GateDecision
        do {
            gateDecision = try await context.gateDecision()
        } catch {
            errors.append("gate failed: \(error); judged as general content")
            gateDecision = GateDecision(content: .general, notes: ["the gate failed"])
        }
        let gateDone = clock.now

        let routes = router.routes(for: gateDecision)
        var summaries = await runExperts(routes, context)
        let expertsDone = clock.now

        var inputs: [Aggregation.Input] = []
        for summary in summaries {
            if let error = summary.error { errors.append("expert \(summary.name) failed: \(error)") }
            guard summary.applicable, let pFake = summary.pFake, let entry = experts.first(where: { $0.name == summary.name }) else {
                continue
            }
            // In patches mode the image is as fake as its worst region: each region-scoring expert reports its max.
            inputs.append(Aggregation.Input(
                pFake: pFake, weight: summary.weight, trusted: entry.trusted, decisive: entry.decisive, source: summary.name))
        }
        var aggregation = self.aggregation
        if routing == .patches { aggregation.method = .max }
        var learnedScore: Double?
        if aggregation.method == .learned && !inputs.contains(where: \.decisive) {
            if let learnedAggregator {
                var scores = Dictionary(experts.map { ($0.name, Double?.none) }, uniquingKeysWith: { first, _ in first })
                for summary in summaries where summary.applicable { scores[summary.name] = summary.pFake }
                do {
                    learnedScore = try await learnedAggregator.score(experts: scores, context: context)
                } catch {
                    errors.append("learned aggregation failed: \(error); the highest expert score stands in")
                }
            } else {
                errors.append("no learned aggregator is loaded; the highest expert score stands in")
            }
        }
        let judge = VerdictJudge(aggregation: aggregation, calibration: calibration, budget: errorBudget,
                                 evidenceExperts: experts.filter(\.decisive).map(\.name))
        let judgement = judge.judge(&summaries, inputs: inputs, learnedScore: learnedScore)

        return DetectionResult(
            image: .init(id: context.id, sha256: nil, width: context.image.width, height: context.image.height, format: nil),
            verdict: judgement.verdict,
            basis: judgement.basis,
            reason: judgement.reason,
            pFake: judgement.pFake,
            pFakeRaw: judgement.pFakeRaw,
            threshold: aggregation.threshold,
            decision: judgement.decision,
            route: .init(mode: routing, content: gateDecision.content, categories: gateDecision.categories, experts: routes,
                         aggregation: aggregation.method, explanation: judgement.explanation),
            gate: .init(faces: gateDecision.faces, objects: gateDecision.objects,
                        notes: gateDecision.notes,
                        timingsMs: gateDecision.timings),
            experts: summaries,
            errors: errors,
            timingsMs: [
                "gate": (gateDone - start).milliseconds,
                "experts": (expertsDone - gateDone).milliseconds,
                "total": (clock.now - start).milliseconds,
            ]
        )
    }

    /// Runs the routed experts concurrently; the summaries come back in route order.
    private func runExperts(_ routes: [Router.Route], _ context: ImageContext) async -> [DetectionResult.ExpertSummary] {
        let byName = Dictionary(experts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return await withTaskGroup(of: (Int, DetectionResult.ExpertSummary).self) { group in
            for (index, route) in routes.enumerated() {
                guard let entry = byName[route.expert] else { continue }
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    do {
                        let opinion = try await entry.expert.opinion(for: context)
                        return (index, .init(
                            name: route.expert, pFake: opinion.pFake, weight: route.weight, applicable: opinion.applicable,
                            reason: opinion.reason, evidence: opinion.evidence, regions: opinion.regions, error: nil,
                            ms: (clock.now - start).milliseconds))
                    } catch {
                        return (index, .init(
                            name: route.expert, pFake: nil, weight: route.weight, applicable: false, reason: "failed",
                            evidence: [:], regions: [], error: "\(error)", ms: (clock.now - start).milliseconds))
                    }
                }
            }
            var results = [DetectionResult.ExpertSummary?](repeating: nil, count: routes.count)
            for await (index, summary) in group { results[index] = summary }
            return results.compactMap { $0 }
        }
    }
}
