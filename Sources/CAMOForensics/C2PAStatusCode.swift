/// The C2PA validation status codes CAMO can produce, spelled exactly as c2pa-rs and the C2PA
/// specification (§15 "Validation") spell them, so results can be compared code for code.
public enum C2PAStatusCode: String, Codable, Sendable, CaseIterable, Comparable {
    case claimSignatureValidated = "claimSignature.validated"
    case claimSignatureMismatch = "claimSignature.mismatch"
    case claimSignatureInsideValidity = "claimSignature.insideValidity"
    case claimSignatureOutsideValidity = "claimSignature.outsideValidity"
    case signingCredentialTrusted = "signingCredential.trusted"
    case signingCredentialUntrusted = "signingCredential.untrusted"
    case signingCredentialInvalid = "signingCredential.invalid"
    case dataHashMatch = "assertion.dataHash.match"
    case dataHashMismatch = "assertion.dataHash.mismatch"
    case bmffHashMatch = "assertion.bmffHash.match"
    case bmffHashMismatch = "assertion.bmffHash.mismatch"
    case hashedURIMatch = "assertion.hashedURI.match"
    case hashedURIMismatch = "assertion.hashedURI.mismatch"
    case assertionMissing = "assertion.missing"
    case timeStampValidated = "timeStamp.validated"
    case timeStampTrusted = "timeStamp.trusted"
    case timeStampUntrusted = "timeStamp.untrusted"
    case timeStampMismatch = "timeStamp.mismatch"
    case timeStampMalformed = "timeStamp.malformed"
    case timeStampOutsideValidity = "timeStamp.outsideValidity"
    case ingredientManifestValidated = "ingredient.manifest.validated"
    case ingredientManifestMismatch = "ingredient.manifest.mismatch"
    case ingredientManifestMissing = "ingredient.manifest.missing"
    case ingredientUnknownProvenance = "ingredient.unknownProvenance"
    case claimMissing = "claim.missing"
    case claimMalformed = "claim.malformed"
    case hardBindingsMissing = "claim.hardBindings.missing"
    case algorithmUnsupported = "algorithm.unsupported"

    /// Whether the code reports a failure that makes the manifest invalid. An untrusted signer is
    /// reported among failures by c2pa-rs but leaves the manifest `Valid`; time-stamp findings are
    /// informational there.
    public var isFailure: Bool {
        switch self {
        case .claimSignatureValidated, .claimSignatureInsideValidity, .signingCredentialTrusted,
             .dataHashMatch, .bmffHashMatch, .hashedURIMatch, .signingCredentialUntrusted,
             .timeStampValidated, .timeStampTrusted, .timeStampUntrusted, .timeStampMismatch, .timeStampMalformed,
             .timeStampOutsideValidity, .ingredientManifestValidated, .ingredientUnknownProvenance:
            return false
        default:
            return true
        }
    }

    public static func < (lhs: C2PAStatusCode, rhs: C2PAStatusCode) -> Bool { lhs.rawValue < rhs.rawValue }
}
