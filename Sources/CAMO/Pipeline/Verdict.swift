/// The answer a person reads first.
public enum Verdict: String, Sendable, Codable {
    case fake
    case real
    /// The score is too close to the threshold to call, or no expert could judge the image.
    case uncertain
}
