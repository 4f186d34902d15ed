/// A C2PA manifest store as found in the file: the claims, their actions and who signed them.
///
/// What the manifests say is only as good as `validation`: an `Invalid` store was altered, forged
/// or pasted from another file, and nothing it declares should be believed.
public struct C2PAManifestStore: Codable, Sendable, Equatable {
    /// Where the store was found, e.g. `JPEG APP11 JUMBF`, `PNG caBX`.
    public var source: String
    public var manifests: [C2PAManifest]
    /// The active manifest is the last one in the store (C2PA 1.x/2.x, §11.1).
    public var activeManifestLabel: String?
    /// The active manifest's validation against the file; nil when the store was parsed without it.
    public var validation: C2PAValidationResult?

    public init(source: String, manifests: [C2PAManifest]) {
        self.source = source
        self.manifests = manifests
        self.activeManifestLabel = manifests.last?.label
    }

    public var activeManifest: C2PAManifest? { manifests.last }
}

public struct C2PAManifest: Codable, Sendable, Equatable {
    public var label: String
    /// `claim_generator` (claim v1) or the names in `claim_generator_info`.
    public var claimGenerator: String?
    public var title: String?
    public var assertionLabels: [String] = []
    public var actions: [C2PAAction] = []
    public var signer: C2PASigner?

    public init(label: String) {
        self.label = label
    }
}

public struct C2PAAction: Codable, Sendable, Equatable {
    /// e.g. `c2pa.created`, `c2pa.edited`.
    public var action: String
    /// An IPTC NewsCodes URI such as `…/digitalsourcetype/trainedAlgorithmicMedia`.
    public var digitalSourceType: String?
    public var softwareAgent: String?

    public init(action: String, digitalSourceType: String? = nil, softwareAgent: String? = nil) {
        self.action = action
        self.digitalSourceType = digitalSourceType
        self.softwareAgent = softwareAgent
    }
}

/// Who signed a claim, read from the COSE_Sign1 `x5chain` leaf certificate.
public struct C2PASigner: Codable, Sendable, Equatable {
    /// e.g. `ES256`.
    public var algorithm: String?
    /// Distinguished name of the leaf certificate, e.g. `CN=…, O=…, C=US`.
    public var certificateSubject: String?
    public var certificateIssuer: String?
    public var certificateCount: Int

    public init(algorithm: String?, certificateSubject: String?, certificateIssuer: String?, certificateCount: Int) {
        self.algorithm = algorithm
        self.certificateSubject = certificateSubject
        self.certificateIssuer = certificateIssuer
        self.certificateCount = certificateCount
    }
}
