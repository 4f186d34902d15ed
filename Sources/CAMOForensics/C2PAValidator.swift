import Foundation

/// Validates the active manifest of a C2PA store against the file that carries it, as c2pa-rs does:
/// the claim signature, the signer's certificate chain against a trust list, every assertion's
/// hashed URI, and the `c2pa.hash.data` (JPEG, PNG, WebP) or `c2pa.hash.bmff` (HEIF, AVIF, MP4,
/// MOV) hard binding over the file's bytes.
///
/// RFC 3161 time-stamps are verified (`C2PATimeStamp`) and date the certificate checks.
///
/// Ingredients' manifests are validated in turn (`C2PAValidationResult.ingredients`).
///
/// Not checked (listed in `C2PAValidationResult.unchecked` when the manifest uses them): certificate
/// revocation (OCSP), `c2pa.hash.boxes` and `c2pa.hash.collection` bindings, BMFF Merkle trees
/// (fragmented MP4), and CAWG identity assertions.
public struct C2PAValidator: Sendable {
    /// Anchors that make a signer trusted; nil means no trust list, so every signer is untrusted.
    public var trustList: C2PATrustList?
    public var limits: MetadataLimits
    /// When certificates must have been valid when no verified time-stamp dates the signature; nil means now.
    public var validationTime: Date?

    public init(trustList: C2PATrustList? = nil, limits: MetadataLimits = .default, validationTime: Date? = nil) {
        self.trustList = trustList
        self.limits = limits
        self.validationTime = validationTime
    }

    /// Validates the active (last) manifest in `jumbf`, the assembled store, against `asset`, the
    /// whole file, in which the store occupies `manifestLocation` when known. A store too broken to
    /// check is `Invalid` with the reason, never a thrown error.
    public func validate(jumbf: [UInt8], asset: [UInt8], manifestLocation: Range<Int>? = nil) -> C2PAValidationResult {
        validate(jumbf: jumbf, asset: Asset(source: .memory(asset), manifestLocation: manifestLocation))
    }

    /// `asset`: the file, in memory or open on disk (a video, whose bytes are streamed through the
    /// hash); `boxes`: its ISO BMFF boxes when the reader has listed them already (HEIF, AVIF, MP4, MOV).
    func validate(jumbf: [UInt8], asset: ByteSource, manifestLocation: Range<Int>?, boxes: [BMFFBox]?) -> C2PAValidationResult {
        validate(jumbf: jumbf, asset: Asset(source: asset, manifestLocation: manifestLocation, boxes: boxes))
    }

    private func validate(jumbf: [UInt8], asset: Asset) -> C2PAValidationResult {
        var findings = Findings()
        var label = ""
        var ingredients: [C2PAIngredientValidation] = []
        do {
            let (store, manifest) = try activeManifest(jumbf)
            label = manifest.label ?? ""
            let ingredientBoxes = try validate(manifest, store: store, asset: asset, findings: &findings)
            var visited: Set<String> = [label]
            ingredients = validateIngredients(ingredientBoxes, of: label, store: store, active: &findings, visited: &visited, depth: 1)
        } catch {
            findings.add(Self.code(for: error), url: Self.url(label, nil), error.description)
        }
        return C2PAValidationResult(state: findings.state, manifestLabel: label, statuses: findings.statuses,
                                    unchecked: findings.unchecked, ingredients: ingredients)
    }

    private struct Findings {
        var statuses: [C2PAValidationStatus] = []
        var unchecked: [String] = []

        mutating func add(_ code: C2PAStatusCode, url: String, _ explanation: String) {
            statuses.append(C2PAValidationStatus(code: code, url: url, explanation: explanation))
        }

        var hasFailures: Bool { statuses.contains { $0.code.isFailure } }

        /// A CAWG identity assertion carries a credential of its own that is not checked, so a manifest
        /// with one is not shown to be trusted throughout (c2pa-rs reports it Valid when that credential is untrusted).
        var state: C2PAValidationResult.State {
            if hasFailures { return .invalid }
            let trusted = statuses.contains { $0.code == .signingCredentialTrusted } && !unchecked.contains { $0.hasPrefix("CAWG") }
            return trusted ? .trusted : .valid
        }
    }

    /// Ingredient manifests nested deeper than this are not validated.
    private static let maximumIngredientDepth = 8

    /// The file being validated and where its manifest store sits in it.
    private struct Asset {
        var source: ByteSource
        var manifestLocation: Range<Int>?
        /// Its ISO BMFF boxes, when already listed.
        var boxes: [BMFFBox]? = nil
    }

    /// One hashed-URI reference from the claim: `{url, hash, alg?}`.
    private struct HashedURI {
        var url: String
        var hash: [UInt8]
        var algorithm: String?
    }

    private func activeManifest(_ jumbf: [UInt8]) throws(C2PAValidationError) -> (store: JUMBFBox, manifest: JUMBFBox) {
        var reader = ByteReader(jumbf)
        let boxes: [JUMBFBox]
        do { boxes = try JUMBFBox.parseBoxes(&reader, depth: 0, limits: limits) } catch { throw .malformed("JUMBF manifest store", error) }
        guard let store = boxes.first(where: { $0.type == "jumb" && $0.label == "c2pa" }) else { throw .missing("'c2pa' manifest store box") }
        guard let manifest = store.children.last(where: { $0.type == "jumb" }) else { throw .missing("manifest in the store") }
        return (store, manifest)
    }

    /// Validates `manifest`'s signature, time-stamp, signer and assertions, and, for the active manifest
    /// (`asset` given), its hard binding to the file. Returns its ingredient assertions.
    private func validate(_ manifest: JUMBFBox, store: JUMBFBox, asset: Asset?,
                          findings: inout Findings) throws(C2PAValidationError) -> [JUMBFBox] {
        let label = manifest.label ?? ""
        guard let claimBox = manifest.child(labelled: "c2pa.claim"),
              let claimBytes = claimBox.content("cbor") else { throw .missing("c2pa.claim box with CBOR content") }
        let claim: CBORValue
        do { claim = try CBORDecoder.decode(Array(claimBytes), limits: limits) } catch { throw .malformed("claim CBOR", error) }

        try checkSignature(manifest, claimBytes: claimBytes, findings: &findings)

        let references = try hashedURIs(claim)
        let claimAlgorithm = claim["alg"]?.text
        var hardBindings = 0
        var ingredients: [JUMBFBox] = []
        for reference in references {
            let url = Self.absolute(reference.url, manifest: label)
            guard let box = resolve(reference.url, in: manifest, store: store) else {
                findings.add(.assertionMissing, url: url, "no assertion at \(reference.url)")
                continue
            }
            let algorithm = try C2PAHashAlgorithm(name: reference.algorithm ?? claimAlgorithm ?? "sha256")
            if algorithm.digest([box.contents]) == reference.hash {
                findings.add(.hashedURIMatch, url: url, "hashed uri matched: \(reference.url)")
            } else {
                findings.add(.hashedURIMismatch, url: url, "hash of \(reference.url) differs from the claim's")
            }
            let assertion = box.label ?? ""
            if assertion.hasPrefix("c2pa.ingredient") {
                ingredients.append(box)
            } else if assertion.hasPrefix("cawg.") {
                findings.unchecked.append("CAWG assertion \(assertion)")
            } else if let asset {
                if assertion.hasPrefix("c2pa.hash.data") {
                    hardBindings += 1
                    try checkDataHash(box, url: url, claimAlgorithm: claimAlgorithm, asset: asset, findings: &findings)
                } else if assertion.hasPrefix("c2pa.hash.bmff") {
                    hardBindings += 1
                    try checkBMFFHash(box, url: url, claimAlgorithm: claimAlgorithm, asset: asset, findings: &findings)
                } else if ["c2pa.hash.boxes", "c2pa.hash.collection"].contains(where: { assertion.hasPrefix($0) }) {
                    hardBindings += 1
                    findings.unchecked.append("hard binding \(assertion): the manifest is not shown to belong to this file")
                }
            }
        }
        guard let asset else { return ingredients }
        // An update manifest has no hard binding of its own: it binds to the file through its parent
        // ingredient's manifest, whose binding is checked once the ingredient's hash of it matches.
        let parentBound = hardBindings == 0 ? try checkParentBinding(ingredients, store: store, asset: asset, findings: &findings) : false
        if hardBindings == 0, !parentBound {
            findings.add(.hardBindingsMissing, url: Self.url(label, "c2pa.claim"), "the claim has no hard binding to the file")
        }
        return ingredients
    }

    /// Validates each ingredient of the manifest labelled `owner` and, in turn, the ingredients of
    /// their manifests, each manifest once. A missing or altered ingredient manifest of the active
    /// manifest (`depth` 1) is also a failure of the active manifest, as in c2pa-rs.
    private func validateIngredients(_ boxes: [JUMBFBox], of owner: String, store: JUMBFBox, active: inout Findings,
                                     visited: inout Set<String>, depth: Int) -> [C2PAIngredientValidation] {
        var results: [C2PAIngredientValidation] = []
        for box in boxes {
            let url = Self.url(owner, "c2pa.assertions/\(box.label ?? "c2pa.ingredient")")
            var entry = Findings()
            func report(_ code: C2PAStatusCode, _ explanation: String) {
                entry.add(code, url: url, explanation)
                if depth == 1 { active.add(code, url: url, explanation) }
            }
            guard let content = box.content("cbor"), let ingredient = try? CBORDecoder.decode(Array(content), limits: limits) else {
                report(.claimMalformed, "the ingredient assertion's CBOR does not parse")
                results.append(C2PAIngredientValidation(assertion: url, manifestLabel: nil, state: .invalid, statuses: entry.statuses))
                continue
            }
            guard let reference = ingredient["activeManifest"] ?? ingredient["c2pa_manifest"], let uri = reference["url"]?.text,
                  let hash = reference["hash"]?.bytes else {
                entry.add(.ingredientUnknownProvenance, url: url, "the ingredient names no manifest: its provenance is unknown")
                results.append(C2PAIngredientValidation(assertion: url, manifestLabel: nil, state: nil, statuses: entry.statuses))
                continue
            }
            guard let named = manifest(namedIn: uri, store: store), let label = named.label else {
                report(.ingredientManifestMissing, "the ingredient's manifest \(uri) is not in the store")
                results.append(C2PAIngredientValidation(assertion: url, manifestLabel: nil, state: nil, statuses: entry.statuses))
                continue
            }
            // As in c2pa-rs, the hash covers the whole manifest superbox's contents even when the URI names
            // its claim; early writers hashed the claim's CBOR alone, which c2pa-rs accepts too.
            if let algorithm = try? C2PAHashAlgorithm(name: reference["alg"]?.text ?? "sha256"), algorithm.digest([named.contents]) != hash,
               named.child(labelled: "c2pa.claim")?.content("cbor").map({ algorithm.digest([$0]) }) != hash {
                report(.ingredientManifestMismatch, "the ingredient's hash of manifest \(label) differs: the manifest was altered")
            }
            guard visited.insert(label).inserted else { continue }
            var nested: [JUMBFBox] = []
            do { nested = try validate(named, store: store, asset: nil, findings: &entry) } catch {
                entry.add(Self.code(for: error), url: Self.url(label, nil), error.description)
            }
            if !entry.hasFailures {
                entry.add(.ingredientManifestValidated, url: url, "ingredient manifest \(label) validated")
            }
            results.append(C2PAIngredientValidation(assertion: url, manifestLabel: label, state: entry.state, statuses: entry.statuses))
            if depth < Self.maximumIngredientDepth {
                results += validateIngredients(nested, of: label, store: store, active: &active, visited: &visited, depth: depth + 1)
            } else if !nested.isEmpty {
                active.unchecked.append("ingredients of \(label): nested deeper than \(Self.maximumIngredientDepth) manifests")
            }
        }
        return results
    }

    /// For an update manifest: the `parentOf` ingredient's reference to its manifest (`activeManifest`
    /// in ingredient v3, `c2pa_manifest` before) is checked, then that manifest's `c2pa.hash.data`
    /// against the file. Returns whether such a parent was found. As in c2pa-rs, the reference's hash
    /// covers the whole manifest superbox's contents even when its URI names the manifest's claim.
    private func checkParentBinding(_ ingredients: [JUMBFBox], store: JUMBFBox, asset: Asset,
                                    findings: inout Findings) throws(C2PAValidationError) -> Bool {
        for box in ingredients {
            guard let content = box.content("cbor") else { continue }
            let ingredient: CBORValue
            do { ingredient = try CBORDecoder.decode(Array(content), limits: limits) } catch { throw .malformed("ingredient CBOR", error) }
            guard ingredient["relationship"]?.text == "parentOf",
                  let reference = ingredient["activeManifest"] ?? ingredient["c2pa_manifest"],
                  let uri = reference["url"]?.text, let hash = reference["hash"]?.bytes,
                  let parent = manifest(namedIn: uri, store: store), let parentLabel = parent.label else { continue }
            let url = Self.url(parentLabel, nil)
            let algorithm = try C2PAHashAlgorithm(name: reference["alg"]?.text ?? "sha256")
            guard algorithm.digest([parent.contents]) == hash else {
                findings.add(.hashedURIMismatch, url: url, "the parent ingredient's hash of manifest \(parentLabel) differs")
                return true
            }
            findings.add(.hashedURIMatch, url: url, "hashed uri matched: \(uri)")
            guard let binding = parent.child(labelled: "c2pa.assertions")?.child(labelled: "c2pa.hash.data") else {
                findings.add(.hardBindingsMissing, url: url, "parent manifest \(parentLabel) has no c2pa.hash.data")
                return true
            }
            try checkDataHash(binding, url: Self.url(parentLabel, "c2pa.assertions/\(binding.label ?? "")"), claimAlgorithm: nil,
                              asset: asset, findings: &findings)
            return true
        }
        return false
    }

    private func checkSignature(_ manifest: JUMBFBox, claimBytes: ArraySlice<UInt8>, findings: inout Findings) throws(C2PAValidationError) {
        let url = Self.url(manifest.label ?? "", "c2pa.signature")
        guard let signatureBox = manifest.children.first(where: { $0.label == "c2pa.signature" }),
              let coseBytes = signatureBox.content("cbor") else { throw .missing("c2pa.signature box with CBOR content") }
        let cose = try COSESign1(coseBytes, limits: limits)
        let chain = try C2PACertificateChain(der: cose.certificateChain)
        // Certificates are checked at the time a verified time-stamp gives, as c2pa-rs checks them, else
        // now (or at `validationTime`). A signer whose certificate has expired since is trusted only
        // when the time-stamp authority that vouches for the earlier time is itself on the trust list.
        var date = validationTime ?? Date()
        var dependsOnUntrustedTime = false
        if let timeStamp = cose.timeStamp {
            let outcome = timeStamp.verify(cose, claim: claimBytes, trustList: trustList)
            outcome.statuses.forEach { findings.add($0.code, url: url, $0.explanation) }
            if let stamped = outcome.time {
                dependsOnUntrustedTime = !outcome.authorityTrusted && !chain.leaf.isValid(at: date)
                date = stamped
            }
        }
        if let problem = C2PACertificateProfile.problem(with: chain.leaf) {
            findings.add(.signingCredentialInvalid, url: url, "signing certificate outside the C2PA certificate profile: \(problem)")
        }
        if cose.verify(payload: claimBytes, key: chain.leaf.publicKey) {
            findings.add(.claimSignatureValidated, url: url, "claim signature valid (\(cose.algorithm))")
            if chain.leaf.isValid(at: date) {
                findings.add(.claimSignatureInsideValidity, url: url, "signing certificate valid at \(date)")
            } else {
                findings.add(.claimSignatureOutsideValidity, url: url,
                             "signing certificate valid \(chain.leaf.notBefore) to \(chain.leaf.notAfter), not at \(date)")
            }
        } else {
            findings.add(.claimSignatureMismatch, url: url, "the \(cose.algorithm) signature does not verify with the leaf certificate's key")
        }
        if let trustList, !dependsOnUntrustedTime, chain.chainsTo(trustList.anchors, at: date) {
            findings.add(.signingCredentialTrusted, url: url, "signer \(chain.leaf.subjectDescription) chains to a trust anchor")
        } else {
            let reason = trustList == nil ? "no trust list configured"
                : dependsOnUntrustedTime ? "the certificate has expired and the time-stamp authority that dates the signature is not trusted"
                : "no path to any of \(trustList?.count ?? 0) trust anchors"
            findings.add(.signingCredentialUntrusted, url: url, "signing certificate untrusted: \(reason)")
        }
    }

    /// `c2pa.hash.data`: the hash of the file with the `exclusions` (the manifest's own bytes) left out.
    private func checkDataHash(_ box: JUMBFBox, url: String, claimAlgorithm: String?, asset file: Asset,
                               findings: inout Findings) throws(C2PAValidationError) {
        guard let content = box.content("cbor") else { throw .missing("CBOR content of \(box.label ?? "c2pa.hash.data")") }
        let assertion: CBORValue
        do { assertion = try CBORDecoder.decode(Array(content), limits: limits) } catch { throw .malformed("c2pa.hash.data CBOR", error) }
        guard let expected = assertion["hash"]?.bytes else { throw .missing("hash in c2pa.hash.data") }
        let algorithm = try C2PAHashAlgorithm(name: assertion["alg"]?.text ?? claimAlgorithm ?? "sha256")
        let size = file.source.count
        var ranges: [(start: Int, end: Int)] = []
        for exclusion in assertion["exclusions"]?.array ?? [] {
            guard let start = exclusion["start"]?.integer, let length = exclusion["length"]?.integer, start >= 0, length >= 0,
                  start <= size, length <= size - start else {
                findings.add(.dataHashMismatch, url: url, "an exclusion range lies outside the file's \(size) bytes")
                return
            }
            ranges.append((start, start + length))
        }
        // The exclusion must start where the manifest store does, or the bytes it skips could hide
        // an edit; the hash is still compared, so both findings are reported, as c2pa-rs reports them.
        // The store may have grown since the binding was made (an update manifest appended to it), so
        // that exclusion covers the store as it is now, as in c2pa-rs.
        if let location = file.manifestLocation {
            if let index = ranges.firstIndex(where: { $0.start == location.lowerBound }) {
                ranges[index].end = max(ranges[index].end, location.upperBound)
            } else {
                findings.add(.dataHashMismatch, url: url, "no data hash exclusion starts at the manifest store (byte \(location.lowerBound))")
            }
        }
        var pieces: [Range<Int>] = []
        var position = 0
        for range in ranges.sorted(by: { $0.start < $1.start }) {
            guard range.start >= position else {
                findings.add(.dataHashMismatch, url: url, "exclusion ranges overlap at byte \(range.start)")
                return
            }
            pieces.append(position..<range.start)
            position = range.end
        }
        pieces.append(position..<size)
        let digest: [UInt8]
        do {
            digest = try algorithm.digest { update throws(MetadataParseError) in
                for piece in pieces { try file.source.stream(piece, "data-hashed bytes", update) }
            }
        } catch {
            findings.add(.dataHashMismatch, url: url, "the file cannot be read: \(error)")
            return
        }
        if digest == expected {
            findings.add(.dataHashMatch, url: url, "data hash valid over \(size) bytes less \(ranges.count) exclusions")
        } else {
            findings.add(.dataHashMismatch, url: url, "the file's \(algorithm.rawValue) hash differs from the manifest's: the file was altered or the manifest comes from another file")
        }
    }

    /// `c2pa.hash.bmff`: the hash of the file's boxes less those the exclusions select.
    private func checkBMFFHash(_ box: JUMBFBox, url: String, claimAlgorithm: String?, asset file: Asset,
                               findings: inout Findings) throws(C2PAValidationError) {
        let label = box.label ?? "c2pa.hash.bmff"
        guard let content = box.content("cbor") else { throw .missing("CBOR content of \(label)") }
        let assertion: CBORValue
        do { assertion = try CBORDecoder.decode(Array(content), limits: limits) } catch { throw .malformed("\(label) CBOR", error) }
        let binding = try C2PABMFFHash(assertion, label: label, claimAlgorithm: claimAlgorithm)
        guard let expected = binding.hash else {
            findings.unchecked.append("hard binding \(label) has only Merkle trees: the manifest is not shown to belong to this file")
            return
        }
        let boxes: [BMFFBox]
        do throws(MetadataParseError) {
            if let listed = file.boxes { boxes = listed } else { boxes = try BMFFBox.parse(file.source, maximumCount: limits.maxBlocks * 16) }
        } catch {
            if case .limitExceeded = error {
                // Too many boxes, or too deeply nested, for the limits: not a sign of tampering, but the binding is not checked.
                findings.unchecked.append("hard binding \(label): \(error), so the manifest is not shown to belong to this file")
            } else {
                findings.add(.bmffHashMismatch, url: url, "the file's boxes cannot be read: \(error)")
            }
            return
        }
        let digest: [UInt8]
        do { digest = try binding.digest(of: file.source, boxes: boxes) } catch {
            findings.add(.bmffHashMismatch, url: url, "the file cannot be read: \(error)")
            return
        }
        if digest == expected, binding.hasMerkleTrees {
            // The whole-file hash leaves out the media data the trees cover (c2pa-rs excludes the `mdat`
            // payload): matching it shows nothing about that data, which could have been replaced.
            findings.unchecked.append("\(label) Merkle trees: the whole-file hash matched, but the media data its Merkle trees cover is not verified, so the manifest is not shown to belong to this file")
        } else if digest == expected {
            findings.add(.bmffHashMatch, url: url, "BMFF hash valid over \(boxes.count) boxes")
        } else {
            findings.add(.bmffHashMismatch, url: url, "the file's \(binding.algorithm.rawValue) BMFF hash differs from the manifest's: the file was altered or the manifest comes from another file")
        }
    }

    /// The claim's assertion references: `assertions` (claim v1) or `created_assertions` and
    /// `gathered_assertions` (claim v2).
    private func hashedURIs(_ claim: CBORValue) throws(C2PAValidationError) -> [HashedURI] {
        let entries = (claim["assertions"]?.array ?? []) + (claim["created_assertions"]?.array ?? []) + (claim["gathered_assertions"]?.array ?? [])
        var references: [HashedURI] = []
        for (index, entry) in entries.enumerated() {
            guard let url = entry["url"]?.text, let hash = entry["hash"]?.bytes else {
                throw .malformed("claim", .invalid("assertion reference \(index) lacks a url or hash", offset: 0))
            }
            references.append(HashedURI(url: url, hash: hash, algorithm: entry["alg"]?.text))
        }
        return references
    }

    /// The box a `self#jumbf=` URI names, relative to `manifest` or absolute from `/c2pa/<manifest>`
    /// (another manifest in `store`, as an ingredient names its manifest).
    private func resolve(_ uri: String, in manifest: JUMBFBox, store: JUMBFBox) -> JUMBFBox? {
        guard uri.hasPrefix("self#jumbf=") else { return nil }
        let reference = uri.dropFirst("self#jumbf=".count)
        var path = reference.split(separator: "/").map(String.init)
        var box = manifest
        if reference.hasPrefix("/") {
            guard path.count >= 2, path[0] == "c2pa", let named = store.children.first(where: { $0.label == path[1] }) else { return nil }
            box = named
            path.removeFirst(2)
        }
        for component in path {
            guard let child = box.children.first(where: { $0.label == component }) else { return nil }
            box = child
        }
        return box
    }

    /// The manifest superbox in `store` that an absolute `self#jumbf=/c2pa/<label>/…` URI lies in.
    private func manifest(namedIn uri: String, store: JUMBFBox) -> JUMBFBox? {
        let path = uri.dropFirst("self#jumbf=".count).split(separator: "/")
        guard uri.hasPrefix("self#jumbf=/c2pa/"), path.count >= 2 else { return nil }
        return store.children.first { $0.type == "jumb" && $0.label == String(path[1]) }
    }

    private static func absolute(_ uri: String, manifest: String) -> String {
        let path = uri.hasPrefix("self#jumbf=") ? String(uri.dropFirst("self#jumbf=".count)) : uri
        return path.hasPrefix("/") ? "self#jumbf=\(path)" : url(manifest, path)
    }

    private static func url(_ manifest: String, _ path: String?) -> String {
        "self#jumbf=/c2pa/\(manifest)" + (path.map { "/\($0)" } ?? "")
    }

    private static func code(for error: C2PAValidationError) -> C2PAStatusCode {
        switch error {
        case .malformed: return .claimMalformed
        case .missing: return .claimMissing
        case .unsupportedAlgorithm: return .algorithmUnsupported
        case .badCertificate: return .signingCredentialInvalid
        }
    }
}
