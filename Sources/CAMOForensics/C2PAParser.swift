/// Turns a C2PA JUMBF manifest store into a `C2PAManifestStore`: claim generator, actions with
/// their digital source types, and the signer's certificate names from the COSE_Sign1 signature.
struct C2PAParser {
    let limits: MetadataLimits

    private static let coseAlgorithms: [Int: String] = [
        -7: "ES256", -35: "ES384", -36: "ES512", -37: "PS256", -38: "PS384", -39: "PS512", -8: "EdDSA",
    ]
    /// COSE header label for an X.509 certificate chain (RFC 9360).
    private static let x5chainLabel = 33

    /// Parses the store; a manifest whose parts are malformed is kept with what could be read, and noted.
    func parse(_ bytes: [UInt8], source: String, notes: inout [String]) throws(MetadataParseError) -> C2PAManifestStore {
        var reader = ByteReader(bytes)
        let boxes = try JUMBFBox.parseBoxes(&reader, depth: 0, limits: limits)
        guard let store = boxes.first(where: { $0.type == "jumb" && $0.label == "c2pa" }) else {
            throw .invalid("JUMBF data without a 'c2pa' manifest store", offset: 0)
        }
        let manifests = store.children.filter { $0.type == "jumb" }.map { manifest(from: $0, notes: &notes) }
        return C2PAManifestStore(source: source, manifests: manifests)
    }

    private func manifest(from box: JUMBFBox, notes: inout [String]) -> C2PAManifest {
        var manifest = C2PAManifest(label: box.label ?? "")
        if let claimBox = box.child(labelled: "c2pa.claim"), let bytes = claimBox.content("cbor") {
            do {
                let claim = try CBORDecoder.decode(Array(bytes), limits: limits)
                manifest.claimGenerator = Self.claimGenerator(claim)
                manifest.title = claim["dc:title"]?.text
            } catch {
                notes.append("C2PA claim in \(manifest.label): \(error)")
            }
        } else {
            notes.append("C2PA manifest \(manifest.label) has no CBOR claim")
        }
        if let assertions = box.child(labelled: "c2pa.assertions") {
            for assertion in assertions.children where assertion.type == "jumb" {
                let label = assertion.label ?? ""
                manifest.assertionLabels.append(label)
                guard label.hasPrefix("c2pa.actions"), let bytes = assertion.content("cbor") else { continue }
                do {
                    manifest.actions += Self.actions(try CBORDecoder.decode(Array(bytes), limits: limits))
                } catch {
                    notes.append("C2PA assertion \(label): \(error)")
                }
            }
        }
        if let signatureBox = box.child(labelled: "c2pa.signature"), let bytes = signatureBox.content("cbor") {
            do {
                manifest.signer = try signer(try CBORDecoder.decode(Array(bytes), limits: limits))
            } catch {
                notes.append("C2PA signature in \(manifest.label): \(error)")
            }
        }
        return manifest
    }

    private static func claimGenerator(_ claim: CBORValue) -> String? {
        var names: [String] = []
        if let generator = claim["claim_generator"]?.text { names.append(generator) }
        let info = claim["claim_generator_info"]
        for entry in info?.array ?? (info.map { [$0] } ?? []) {
            if let name = entry["name"]?.text {
                let version = entry["version"]?.text.map { " \($0)" } ?? ""
                names.append(name + version)
            }
        }
        return names.isEmpty ? nil : names.joined(separator: "; ")
    }

    private static func actions(_ assertion: CBORValue) -> [C2PAAction] {
        (assertion["actions"]?.array ?? []).compactMap { entry in
            guard let action = entry["action"]?.text else { return nil }
            let agent = entry["softwareAgent"]
            return C2PAAction(
                action: action,
                digitalSourceType: entry["digitalSourceType"]?.text,
                softwareAgent: agent?.text ?? agent?["name"]?.text
            )
        }
    }

    private func signer(_ value: CBORValue) throws(MetadataParseError) -> C2PASigner {
        guard let parts = value.untagged.array, parts.count == 4 else {
            throw .invalid("signature is not a COSE_Sign1 array", offset: 0)
        }
        let protected = try parts[0].bytes.map { bytes throws(MetadataParseError) in
            bytes.isEmpty ? CBORValue.map([]) : try CBORDecoder.decode(bytes, limits: limits)
        } ?? .map([])
        let unprotected = parts[1]
        let algorithm = protected[label: 1]?.integer.flatMap { Self.coseAlgorithms[$0] ?? "COSE \($0)" }
        let chainValue = protected[label: Self.x5chainLabel] ?? unprotected[label: Self.x5chainLabel] ?? unprotected["x5chain"]
        let chain: [[UInt8]] = chainValue.map { $0.array?.compactMap(\.bytes) ?? $0.bytes.map { [$0] } ?? [] } ?? []
        var subject: String?, issuer: String?
        if let leaf = chain.first {
            let certificate = try DERCertificate(der: leaf)
            subject = certificate.subject
            issuer = certificate.issuer
        }
        return C2PASigner(algorithm: algorithm, certificateSubject: subject, certificateIssuer: issuer, certificateCount: chain.count)
    }
}
