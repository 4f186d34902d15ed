/// Optional parts of a detection result a request may leave out with `include`.
public enum ResultPart: String, Sendable, CaseIterable {
    /// `objects` also runs the object detector when the pipeline does not read objects, and keeps the gate.
    case gate, experts, timings, objects

    /// Parses `gate,experts` (commas, spaces, or `+`, which form-encoded query strings send for a space); unknown names
    /// are an error that names them.
    static func parseList(_ text: String) throws(APIError) -> Set<ResultPart> {
        var parts = Set<ResultPart>()
        for name in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" }) where !name.isEmpty {
            guard let part = ResultPart(rawValue: String(name)) else {
                throw APIError.badRequest("unknown include '\(name)'; expected some of gate, experts, timings, objects")
            }
            parts.insert(part)
        }
        return parts
    }
}
