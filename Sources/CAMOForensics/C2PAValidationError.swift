/// Why a C2PA manifest could not be validated at all: its structure is broken, so no check could
/// run. The validator reports these as an `Invalid` result naming the part that was wrong.
public enum C2PAValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JUMBF, CBOR or DER that does not parse, with the reader's own error.
    case malformed(String, MetadataParseError)
    /// A required part is absent, e.g. the claim or the signature box.
    case missing(String)
    /// A COSE algorithm or hash algorithm this validator does not implement.
    case unsupportedAlgorithm(String)
    /// A certificate that does not parse as X.509, or whose key does not match the algorithm.
    case badCertificate(String)

    public var description: String {
        switch self {
        case let .malformed(what, error): return "malformed \(what): \(error)"
        case let .missing(what): return "missing \(what)"
        case let .unsupportedAlgorithm(name): return "unsupported algorithm \(name)"
        case let .badCertificate(why): return "unusable certificate: \(why)"
        }
    }
}
