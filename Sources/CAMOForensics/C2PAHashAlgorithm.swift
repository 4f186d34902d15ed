import Crypto

/// The hash algorithms C2PA names in `alg` fields of claims, hashed URIs and hard bindings.
enum C2PAHashAlgorithm: String, Sendable {
    case sha256, sha384, sha512

    /// The algorithm for an `alg` text, or throws when it is one this validator cannot compute.
    init(name: String) throws(C2PAValidationError) {
        guard let algorithm = Self(rawValue: name.lowercased()) else { throw .unsupportedAlgorithm(name) }
        self = algorithm
    }

    /// The digest of the concatenation of `pieces`, so excluded ranges need not be copied out.
    func digest(_ pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        switch self {
        case .sha256: return Self.digest(pieces, into: SHA256())
        case .sha384: return Self.digest(pieces, into: SHA384())
        case .sha512: return Self.digest(pieces, into: SHA512())
        }
    }

    /// The digest of the bytes `feed` hands to the `update` it is given, in order: for bytes read in
    /// pieces, such as a video streamed from disk.
    func digest(_ feed: (_ update: (UnsafeRawBufferPointer) -> Void) throws(MetadataParseError) -> Void) throws(MetadataParseError) -> [UInt8] {
        switch self {
        case .sha256: return try Self.digest(feed, into: SHA256())
        case .sha384: return try Self.digest(feed, into: SHA384())
        case .sha512: return try Self.digest(feed, into: SHA512())
        }
    }

    private static func digest<H: HashFunction>(_ feed: (_ update: (UnsafeRawBufferPointer) -> Void) throws(MetadataParseError) -> Void,
                                                into hasher: H) throws(MetadataParseError) -> [UInt8] {
        var hasher = hasher
        try feed { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }

    private static func digest<H: HashFunction>(_ pieces: [ArraySlice<UInt8>], into hasher: H) -> [UInt8] {
        var hasher = hasher
        for piece in pieces { hasher.update(data: piece) }
        return Array(hasher.finalize())
    }
}
