/// Finds hard evidence of generation in image metadata: generator parameters, generator names,
/// IPTC DigitalSourceType and C2PA actions.
public struct ProvenanceAnalyzer: Sendable {
    public struct Options: Sendable, Equatable {
        /// Longest excerpt of a matched value quoted in `ProvenanceEvidence.detail`. Default 160 characters.
        public var maxDetailLength = 160
        public init() {}
    }

    /// IPTC NewsCodes digital source types (cv.iptc.org/newscodes/digitalsourcetype) that mean a
    /// model or algorithm made the content, with the probability of "fake" each implies.
    public static let algorithmicSourceTypes: [String: Double] = [
        "trainedAlgorithmicMedia": 0.99,
        "compositeWithTrainedAlgorithmicMedia": 0.97,
        "algorithmicMedia": 0.97,
        "compositeSynthetic": 0.9,
    ]

    /// IPTC digital source types that declare a capture of the real world (a camera, a film or print scan).
    /// A Trusted C2PA manifest declaring one, with nothing generative anywhere in the store or the
    /// metadata, is evidence that the image is real, with this probability of "fake".
    public static let captureSourceTypes: Set<String> = ["digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm"]
    public static let trustedCapturePFake = 0.02

    public var signatures: [GeneratorSignature]
    public var options: Options

    public init(signatures: [GeneratorSignature] = GeneratorSignature.all, options: Options = Options()) {
        self.signatures = signatures
        self.options = options
    }

    public func analyze(_ metadata: ImageMetadata) -> ProvenanceReport {
        var evidence: [ProvenanceEvidence] = []
        var context: [ProvenanceEvidence] = []
        for field in softwareFields(metadata) {
            evidence += matchSoftware(field.value, location: field.location)
        }
        for text in metadata.texts {
            evidence += matchTextChunk(text)
        }
        if let comment = metadata.exif.first(where: { $0.name == "UserComment" }) {
            evidence += matchUserComment(comment)
        }
        for packet in metadata.xmp {
            if let type = packet.properties["Iptc4xmpExt:DigitalSourceType"], let p = Self.sourceTypeProbability(type) {
                evidence.append(ProvenanceEvidence(
                    kind: .digitalSourceType, location: "\(packet.source) Iptc4xmpExt:DigitalSourceType",
                    detail: type, pFake: p))
            }
        }
        if let store = metadata.c2pa {
            let (generative, manifestContext) = c2paEvidence(store)
            evidence += generative
            context += manifestContext
            if evidence.isEmpty, let capture = trustedCapture(store) { evidence.append(capture) }
        }
        context += cameraContext(metadata)
        return ProvenanceReport(evidence: evidence, context: context, notes: metadata.notes)
    }

    /// A capture declared by a Trusted, file-bound active manifest, when no manifest in the store (an
    /// ingredient that was generated, say) declares anything generative. Only a trusted signer's word
    /// counts toward real: anyone can sign "camera" with a certificate of their own.
    private func trustedCapture(_ store: C2PAManifestStore) -> ProvenanceEvidence? {
        guard store.validation?.state == .trusted, let manifest = Self.validatedActiveManifest(store),
              !store.manifests.flatMap(\.actions).contains(where: { $0.digitalSourceType.flatMap(Self.sourceTypeProbability) != nil }),
              let action = manifest.actions.first(where: { Self.isCapture($0.digitalSourceType) }),
              let type = action.digitalSourceType else { return nil }
        return ProvenanceEvidence(
            kind: .c2paTrustedCapture, location: "\(store.source) manifest \(manifest.label) action \(action.action)",
            detail: "digitalSourceType \(type) (C2PA \(Self.validationSummary(store.validation)); trusted signer)",
            generator: action.softwareAgent ?? manifest.claimGenerator, pFake: Self.trustedCapturePFake)
    }

    static func isCapture(_ uri: String?) -> Bool {
        guard let uri else { return false }
        return captureSourceTypes.contains((uri.split(separator: "/").last.map(String.init) ?? uri).trimmingWhitespace())
    }

    /// The last path component of a NewsCodes URI, e.g. `trainedAlgorithmicMedia`.
    static func sourceTypeProbability(_ uri: String) -> Double? {
        let code = uri.split(separator: "/").last.map(String.init) ?? uri
        return algorithmicSourceTypes[code.trimmingWhitespace()]
    }

    private func softwareFields(_ metadata: ImageMetadata) -> [(location: String, value: String)] {
        var fields: [(String, String)] = []
        for entry in metadata.exif where ["Software", "ImageDescription", "Artist"].contains(entry.name) {
            fields.append(("EXIF \(entry.ifd) \(entry.name)", entry.value))
        }
        for packet in metadata.xmp {
            for name in ["xmp:CreatorTool", "tiff:Software"] {
                if let value = packet.properties[name] { fields.append(("\(packet.source) \(name)", value)) }
            }
        }
        for entry in metadata.iptc where entry.name == "OriginatingProgram" {
            fields.append(("IPTC 2:65 OriginatingProgram", entry.value))
        }
        for text in metadata.texts where ["Software", "Source"].contains(text.keyword) {
            fields.append((text.location, text.text))
        }
        // Only a validated active manifest speaks; one that fails validation may say anything.
        if let store = metadata.c2pa, let manifest = Self.validatedActiveManifest(store) {
            if let generator = manifest.claimGenerator {
                fields.append(("C2PA \(manifest.label) claim_generator", generator))
            }
            for action in manifest.actions {
                if let agent = action.softwareAgent {
                    fields.append(("C2PA \(manifest.label) \(action.action) softwareAgent", agent))
                }
            }
        }
        return fields
    }

    private func matchSoftware(_ value: String, location: String) -> [ProvenanceEvidence] {
        signatures.compactMap { signature in
            guard case let .softwareName(name) = signature.match, value.containsCaseInsensitive(name) else { return nil }
            return ProvenanceEvidence(
                kind: .generatorSoftware, location: location, detail: excerpt(value),
                generator: signature.generator, pFake: signature.pFake)
        }
    }

    private func matchTextChunk(_ text: MetadataText) -> [ProvenanceEvidence] {
        signatures.compactMap { signature in
            guard case let .textChunk(keyword, marker) = signature.match, text.keyword == keyword else { return nil }
            if let marker, !text.text.contains(marker) { return nil }
            return ProvenanceEvidence(
                kind: .generatorParameters, location: text.location, detail: excerpt(text.text),
                generator: signature.generator, pFake: signature.pFake)
        }
    }

    private func matchUserComment(_ entry: ExifEntry) -> [ProvenanceEvidence] {
        signatures.compactMap { signature in
            guard case let .exifUserComment(markers) = signature.match,
                  markers.allSatisfy({ entry.value.contains($0) }) else { return nil }
            return ProvenanceEvidence(
                kind: .generatorParameters, location: "EXIF \(entry.ifd) UserComment", detail: excerpt(entry.value),
                generator: signature.generator, pFake: signature.pFake)
        }
    }

    /// The active manifest when its validation passed (`Valid` or `Trusted`) and bound it to this
    /// file's bytes; nil for a store that failed, was not validated, or uses a binding not checked.
    static func validatedActiveManifest(_ store: C2PAManifestStore) -> C2PAManifest? {
        guard let validation = store.validation, validation.state != .invalid, validation.isBoundToAsset,
              let manifest = store.activeManifest, manifest.label == validation.manifestLabel else { return nil }
        return manifest
    }

    /// Generative actions of a validated active manifest are evidence; everything else about the
    /// store (its signer, a failed or incomplete validation, ingredient manifests) is context.
    private func c2paEvidence(_ store: C2PAManifestStore) -> (evidence: [ProvenanceEvidence], context: [ProvenanceEvidence]) {
        var evidence: [ProvenanceEvidence] = []
        var context: [ProvenanceEvidence] = []
        let status = Self.validationSummary(store.validation)
        let decisive = Self.validatedActiveManifest(store)
        for manifest in store.manifests {
            let location = "\(store.source) manifest \(manifest.label)"
            let isActive = manifest.label == store.activeManifestLabel
            if let decisive, decisive.label == manifest.label {
                let signer = store.validation?.isSignerTrusted == true ? "trusted signer" : "signer not on a trust list"
                for action in manifest.actions {
                    guard let type = action.digitalSourceType, let p = Self.sourceTypeProbability(type) else { continue }
                    evidence.append(ProvenanceEvidence(
                        kind: .c2paGenerativeAction, location: "\(location) action \(action.action)",
                        detail: "digitalSourceType \(type) (C2PA \(status); \(signer))",
                        generator: action.softwareAgent ?? manifest.claimGenerator, pFake: p))
                }
            }
            var summary = "claim generator \(manifest.claimGenerator ?? "unknown")"
            if !manifest.actions.isEmpty { summary += "; actions " + manifest.actions.map(\.action).joined(separator: ", ") }
            if let subject = manifest.signer?.certificateSubject { summary += "; signed by \(subject)" }
            if isActive {
                summary += " (C2PA \(status))"
            } else {
                let ingredient = store.validation?.ingredients.first { $0.manifestLabel == manifest.label }
                summary += " (ingredient manifest, \(ingredient?.state.map { "validated: \($0.rawValue)" } ?? "not validated"))"
            }
            context.append(ProvenanceEvidence(kind: .c2paManifest, location: location, detail: summary))
        }
        return (evidence, context)
    }

    /// e.g. `Valid: signingCredential.untrusted`, `Invalid, tampered or forged: assertion.dataHash.mismatch`.
    public static func validationSummary(_ validation: C2PAValidationResult?) -> String {
        guard let validation else { return "not validated" }
        switch validation.state {
        case .invalid:
            return "Invalid, tampered or forged: " + validation.statusCodes.filter(\.isFailure).map(\.rawValue).joined(separator: ", ")
        case .valid, .trusted:
            var text = "\(validation.state.rawValue): " + validation.statusCodes.filter { !$0.rawValue.hasSuffix(".match") }.map(\.rawValue).joined(separator: ", ")
            if !validation.isBoundToAsset { text += "; hard binding not checked, not shown to belong to this file" }
            return text
        }
    }

    private func cameraContext(_ metadata: ImageMetadata) -> [ProvenanceEvidence] {
        let names = ["Make", "Model", "LensModel", "ExposureTime", "FNumber", "ISOSpeedRatings", "FocalLength"]
        let found = names.compactMap { name in metadata.exifValue(name).map { "\(name)=\($0)" } }
        guard !found.isEmpty else { return [] }
        return [ProvenanceEvidence(kind: .camera, location: "EXIF", detail: found.joined(separator: ", "))]
    }

    private func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= options.maxDetailLength ? flat : String(flat.prefix(options.maxDetailLength)) + "…"
    }
}

extension String {
    func containsCaseInsensitive(_ needle: String) -> Bool {
        lowercased().contains(needle.lowercased())
    }

    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
