/// An expert as a pipeline uses it: what it serves and how much its opinion counts.
public struct PipelineExpert: Sendable {
    public var expert: any Expert
    public var roles: [ExpertRole]
    /// Multiplies the route weight (`weighted` aggregation, `soft` routing).
    public var weight: Double
    /// Counts twice in `vote` aggregation.
    public var trusted: Bool
    /// When applicable, decides the verdict alone (hard evidence such as generator metadata).
    public var decisive: Bool

    public init(_ expert: any Expert, roles: [ExpertRole], weight: Double = 1, trusted: Bool = false, decisive: Bool = false) {
        self.expert = expert
        self.roles = roles
        self.weight = weight
        self.trusted = trusted
        self.decisive = decisive
    }

    public var name: String { expert.name }
}
