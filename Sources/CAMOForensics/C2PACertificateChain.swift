import Foundation

/// The signer's certificates from a COSE `x5chain` (or a time-stamp authority's from its token),
/// leaf first, and the checks C2PA asks of them:
/// validity at signing time and a path of issuer signatures from the leaf to a trust anchor.
struct C2PACertificateChain {
    var leaf: C2PACertificate
    var intermediates: [C2PACertificate]

    /// Longest path accepted from the leaf to an anchor; deeper chains are not followed.
    private static let maxDepth = 8

    init(leaf: C2PACertificate, intermediates: [C2PACertificate]) {
        self.leaf = leaf
        self.intermediates = intermediates
    }

    init(der: [[UInt8]]) throws(C2PAValidationError) {
        var certificates: [C2PACertificate] = []
        for (index, bytes) in der.enumerated() {
            do { certificates.append(try C2PACertificate(der: bytes)) } catch {
                throw .badCertificate("x5chain certificate \(index + 1): \(error)")
            }
        }
        guard let leaf = certificates.first else { throw .missing("x5chain leaf certificate") }
        self.init(leaf: leaf, intermediates: Array(certificates.dropFirst()))
    }

    /// Whether a path leaf → intermediates → anchor exists in which every issuer's key verifies
    /// its child's signature, every certificate is valid at `date`, and every intermediate is a CA.
    func chainsTo(_ anchors: [C2PACertificate], at date: Date) -> Bool {
        var current = leaf
        for _ in 0..<Self.maxDepth {
            guard current.isValid(at: date) else { return false }
            if anchors.contains(current) { return true }
            if anchors.contains(where: { $0.issued(current) && $0.isValid(at: date) }) { return true }
            guard let issuer = intermediates.first(where: { $0.isAuthority && $0.issued(current) }), issuer != current else { return false }
            current = issuer
        }
        return false
    }
}
