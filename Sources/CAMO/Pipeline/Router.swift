import CAMOGate

/// Picks the experts that judge an image from the gate's decision, with a weight and a reason for each.
public struct Router: Sendable {
    /// One expert as the router sees it.
    public struct Candidate: Sendable, Equatable {
        public var name: String
        public var roles: [ExpertRole]
        public var weight: Double

        public init(name: String, roles: [ExpertRole], weight: Double = 1) {
            self.name = name
            self.roles = roles
            self.weight = weight
        }
    }

    /// An expert chosen to run.
    public struct Route: Sendable, Equatable, Codable {
        public var expert: String
        public var weight: Double
        public var why: String
    }

    public var mode: RoutingMode
    public var candidates: [Candidate]

    public init(mode: RoutingMode, candidates: [Candidate]) {
        self.mode = mode
        self.candidates = candidates
    }

    public func routes(for gate: GateDecision) -> [Route] {
        let faceConfidence = Double(gate.faces.map(\.score).max() ?? 0)
        var routes: [Route] = []
        var specificRan = false
        for candidate in candidates {
            for role in candidate.roles {
                guard let route = route(candidate, role, gate, faceConfidence) else { continue }
                if role != .general && role != .evidence { specificRan = true }
                routes.append(route)
                break
            }
        }
        // In hard and patches modes the general experts stand in only when no specific expert took the image.
        if mode != .soft && !specificRan {
            for candidate in candidates where candidate.roles.contains(.general) && !routes.contains(where: { $0.expert == candidate.name }) {
                let why = gate.content == .face ? "no face expert is configured" : "no face or category expert applies"
                routes.append(Route(expert: candidate.name, weight: candidate.weight, why: why))
            }
        }
        return routes
    }

    private func route(_ candidate: Candidate, _ role: ExpertRole, _ gate: GateDecision, _ faceConfidence: Double) -> Route? {
        switch (role, mode) {
        case (.evidence, _):
            return Route(expert: candidate.name, weight: candidate.weight, why: "reads evidence any image may carry")
        case (.face, _):
            guard gate.content == .face else { return nil }
            let weight = mode == .soft ? candidate.weight * faceConfidence : candidate.weight
            let count = gate.faces.count
            return Route(expert: candidate.name, weight: weight, why: "\(count) face\(count == 1 ? "" : "s") found")
        case let (.category(group), _):
            guard gate.categories.contains(group) else { return nil }
            return Route(expert: candidate.name, weight: candidate.weight, why: "objects of category '\(group)' found")
        case (.general, .soft):
            // The general expert always runs in soft mode, trusted less when a face expert has a better view.
            let weight = candidate.weight * (gate.content == .face ? max(0.25, 1 - faceConfidence) : 1)
            return Route(expert: candidate.name, weight: weight, why: "soft routing runs every expert")
        case (.general, _):
            return nil
        }
    }
}
