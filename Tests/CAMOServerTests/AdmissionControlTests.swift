import CAMOServer
import Testing

@Suite struct AdmissionControlTests {
    @Test func neverRunsMoreThanTheBoundAndRefusesPastTheQueue() async throws {
        let admission = AdmissionControl(maxConcurrency: 2, queueDepth: 3)
        let service = HeldService()
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await admission.run { await service.detect(bytes: samplePNG, id: "x") }
                        return true
                    } catch AdmissionControl.Refusal.queueFull {
                        return false
                    }
                }
            }
            // 2 run, 3 wait, 3 are refused at once; only then let the running ones finish.
            let settled = await eventually { admission.inFlight == 2 && admission.queued == 3 }
            #expect(settled)
            #expect(service.startedCount == 2)
            service.release()
            var outcomes: [Bool] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0 }.count == 5)
        #expect(admission.inFlight == 0 && admission.queued == 0)
    }
}
