/// One finding of C2PA validation: what was checked (`url`, a JUMBF URI as c2pa-rs reports it),
/// the outcome (`code`) and why (`explanation`).
public struct C2PAValidationStatus: Codable, Sendable, Equatable {
    public var code: C2PAStatusCode
    public var url: String
    public var explanation: String

    public init(code: C2PAStatusCode, url: String, explanation: String) {
        self.code = code
        self.url = url
        self.explanation = explanation
    }
}
