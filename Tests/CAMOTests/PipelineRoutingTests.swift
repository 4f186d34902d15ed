import CAMO
import CAMOGate
import CAMOTesting
import Testing

@Suite struct PipelineRoutingTests {
    let faceExpert = StubExpert("face-expert", pFake: 0.8)
    let generalExpert = StubExpert("general-expert", pFake: 0.2)
    let animalExpert = StubExpert("animal-expert", pFake: 0.6)
    let provenance = StubExpert("provenance", opinion: .notApplicable("no generator metadata"))

    func pipeline(_ mode: RoutingMode, _ method: Aggregation.Method = .max, gate: StubGate) -> Pipeline {
        Pipeline(
            name: "test", gate: gate,
            experts: [
                PipelineExpert(faceExpert, roles: [.face]),
                PipelineExpert(generalExpert, roles: [.general]),
                PipelineExpert(animalExpert, roles: [.category("animal")]),
                PipelineExpert(provenance, roles: [.evidence], decisive: true),
            ],
            routing: mode, aggregation: Aggregation(method: method))
    }

    @Test func hardRoutingSendsAFaceImageToTheFaceExpertOnly() async {
        let gate = StubGate(faces: 1)
        let result = await pipeline(.hard, gate: gate).detect(.sample(gate: gate))
        #expect(result.route?.experts.map(\.expert) == ["face-expert", "provenance"])
        #expect(result.pFake == 0.8)
        #expect(result.verdict == .fake)
        #expect(generalExpert.callCount == 0)
    }

    @Test func hardRoutingFallsBackToTheGeneralExpertWhenNoGateFires() async {
        let gate = StubGate()
        let result = await pipeline(.hard, gate: gate).detect(.sample(gate: gate))
        #expect(result.route?.experts.map(\.expert) == ["provenance", "general-expert"])
        #expect(result.pFake == 0.2)
        #expect(result.verdict == .real)
    }

    @Test func hardRoutingTakesTheMaxOverEveryGateThatFired() async {
        let gate = StubGate(faces: 2, categories: ["animal"])
        let result = await pipeline(.hard, gate: gate).detect(.sample(gate: gate))
        #expect(Set(result.route?.experts.map(\.expert) ?? []) == ["face-expert", "animal-expert", "provenance"])
        #expect(result.pFake == 0.8)
    }

    @Test func softRoutingRunsEveryExpertWeightedByGateConfidence() async throws {
        let gate = StubGate(faces: 1, faceScore: 0.5)
        let result = await pipeline(.soft, .weighted, gate: gate).detect(.sample(gate: gate))
        let weights = Dictionary(uniqueKeysWithValues: (result.route?.experts ?? []).map { ($0.expert, $0.weight) })
        #expect(weights == ["face-expert": 0.5, "general-expert": 0.5, "provenance": 1])
        // (0.8 × 0.5 + 0.2 × 0.5) / 1.0; the provenance expert was not applicable.
        #expect(abs(try #require(result.pFake) - 0.5) < 1e-12)
    }

    @Test func patchesRoutingScoresTheImageByItsWorstRegion() async {
        let gate = StubGate(faces: 1, categories: ["animal"])
        let result = await pipeline(.patches, .mean, gate: gate).detect(.sample(gate: gate))
        #expect(result.pFake == 0.8)
        #expect(result.route?.aggregation == .max)
        #expect(result.route?.explanation == "highest expert score")
    }

    @Test func aFailingExpertIsReportedAndTheOthersStillCount() async {
        let gate = StubGate(faces: 1)
        let pipeline = Pipeline(
            name: "test", gate: gate,
            experts: [
                PipelineExpert(StubExpert("broken", failingWith: "model file is corrupt"), roles: [.face]),
                PipelineExpert(StubExpert("working", pFake: 0.3), roles: [.face]),
            ])
        let result = await pipeline.detect(.sample(gate: gate))
        #expect(result.pFake == 0.3)
        #expect(result.errors == ["expert broken failed: model file is corrupt"])
        #expect(result.experts.first { $0.name == "broken" }?.applicable == false)
    }

    @Test func decisiveEvidenceOverridesThePixelExperts() async {
        let gate = StubGate(faces: 1)
        let pipeline = Pipeline(
            name: "test", gate: gate,
            experts: [
                PipelineExpert(StubExpert("face-expert", pFake: 0.1), roles: [.face]),
                PipelineExpert(StubExpert("provenance", opinion: ExpertOpinion(pFake: 0.99, reason: "ComfyUI workflow")),
                               roles: [.evidence], decisive: true),
            ], aggregation: Aggregation(method: .mean))
        let result = await pipeline.detect(.sample(gate: gate))
        #expect(result.pFake == 0.99)
        #expect(result.route?.explanation == "decided by hard evidence from provenance")
    }

    @Test func theGateRunsOnceHoweverManyExpertsAsk() async throws {
        let gate = StubGate(faces: 1)
        let context = ImageContext.sample(gate: gate)
        async let first = context.gateDecision()
        async let second = context.gateDecision()
        _ = try await (first, second)
        _ = await pipeline(.soft, gate: gate).detect(context)
        #expect(gate.runCount == 1)
    }

    @Test func noApplicableExpertMeansUncertain() async {
        let gate = StubGate()
        let pipeline = Pipeline(name: "t", gate: gate, experts: [PipelineExpert(provenance, roles: [.evidence])])
        let result = await pipeline.detect(.sample(gate: gate))
        #expect(result.verdict == .uncertain)
        #expect(result.pFake == nil)
    }
}

@Suite struct AggregationTests {
    @Test func voteNeedsTwoHighVotesAndTrustedExpertsCountTwice() {
        let vote = Aggregation(method: .vote)
        #expect(vote.combine([.init(pFake: 0.9), .init(pFake: 0.1)]).verdict == .real)
        #expect(vote.combine([.init(pFake: 0.9), .init(pFake: 0.7)]).verdict == .fake)
        #expect(vote.combine([.init(pFake: 0.9, trusted: true), .init(pFake: 0.1)]).verdict == .fake)
        #expect(vote.combine([.init(pFake: 0.9), .init(pFake: 0.4)]).verdict == .uncertain)
    }

    @Test func meanAndWeightedMean() {
        let inputs: [Aggregation.Input] = [.init(pFake: 1, weight: 3), .init(pFake: 0, weight: 1)]
        #expect(Aggregation(method: .mean).combine(inputs).pFake == 0.5)
        #expect(Aggregation(method: .weighted).combine(inputs).pFake == 0.75)
    }

    @Test func theUncertainBandSurroundsTheThreshold() {
        let aggregation = Aggregation(method: .max, threshold: 0.5, uncertainBand: 0.1)
        #expect(aggregation.verdict(for: 0.55) == .uncertain)
        #expect(aggregation.verdict(for: 0.65) == .fake)
        #expect(aggregation.verdict(for: 0.35) == .real)
        #expect(Aggregation().verdict(for: 0.5) == .real)
    }
}
