/// Why a stage did not give its result for one image.
public struct EngineFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The engine declined: a safety filter, an empty caption, a black image. Recorded and not asked again.
        case refusal
        /// The engine could not answer (429 or 5xx after every retry, timeouts, unreadable answers, a 4xx): counted,
        /// not recorded, so the next run asks again.
        case failure
    }

    public var kind: Kind
    /// Short, groupable: `HTTP 503`, `timeout`, `malformed response`, `safety filter`, `empty caption`.
    public var reason: String
    /// What the engine said, cut to a readable length.
    public var detail: String

    public init(_ kind: Kind, reason: String, detail: String = "") {
        self.kind = kind
        self.reason = reason
        self.detail = String(detail.prefix(300))
    }

    public static func refusal(_ reason: String, _ detail: String = "") -> EngineFailure { EngineFailure(.refusal, reason: reason, detail: detail) }
    public static func failure(_ reason: String, _ detail: String = "") -> EngineFailure { EngineFailure(.failure, reason: reason, detail: detail) }

    public var description: String { detail.isEmpty ? reason : "\(reason): \(detail)" }
}
