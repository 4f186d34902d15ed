import CAMOForensics
import CAMOTesting
import Foundation
import Testing

/// The Swift validator against c2pa-rs: same `validation_state` and the same codes, for the codes it
/// produces, on c2pa-rs's fixtures, the dev set's C2PA files and tampered variants.
@Suite struct C2PAValidatorTests {
    static let oracle = try! C2PAValidationOracle.load()
    static let paths = oracle.files.keys.sorted()
    static let knownCodes = Set(C2PAStatusCode.allCases.map(\.rawValue))

    /// Files that carry their manifest in a container CAMO reads: JPEG, PNG, WebP and ISO BMFF (HEIF, AVIF, MP4, MOV).
    static func readable(_ path: String) -> Bool {
        ["jpg", "png", "webp", "avif", "heic", "heif", "mp4", "mov"].contains(URL(fileURLWithPath: path).pathExtension)
    }

    static func trustList() throws -> C2PATrustList {
        let pem = try oracle.trustAnchors.map { try String(contentsOf: C2PAValidationOracle.url($0), encoding: .utf8) }.joined()
        return try C2PATrustList(pem: pem)
    }

    static func check(_ path: String, expected: C2PAValidationOracle.Reading, validator: C2PAValidator) throws {
        let url = C2PAValidationOracle.url(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard let metadata = try? MetadataReader.read(Data(contentsOf: url), c2paValidator: validator) else {
            #expect(!readable(path), "\(path) is unreadable")
            return
        }
        guard readable(path) else {
            #expect(metadata.c2pa?.validation.map { $0.state == .invalid } ?? true, "\(path)")
            return
        }
        guard let state = expected.state else {
            // c2pa-rs could not read it (no manifest, a remote one, a broken or unsupported one):
            // whatever is found here must not pass as valid.
            if let validation = metadata.c2pa?.validation {
                #expect(validation.state == .invalid, "\(path): c2pa-rs says \(expected.error ?? "error"), here \(validation.statusCodes)")
            }
            return
        }
        let validation = try #require(metadata.c2pa?.validation, "\(path): no manifest found, c2pa-rs says \(state)")
        let produced = Set(validation.statusCodes.map(\.rawValue))
        if validation.unchecked.contains(where: { $0.contains("Merkle trees") }) {
            // Merkle trees are not verified: whatever c2pa-rs concludes from them (a changed `mdat`
            // chunk is Invalid there), the binding is never taken as shown here, and every other code agrees.
            let binding: Set = [C2PAStatusCode.bmffHashMatch.rawValue, C2PAStatusCode.bmffHashMismatch.rawValue]
            #expect(!validation.isBoundToAsset && validation.state != .invalid, "\(path): \(validation.statuses)")
            #expect(produced == expected.codes.intersection(knownCodes).subtracting(binding), "\(path): \(validation.unchecked)")
            return
        }
        #expect(validation.state.rawValue == state, "\(path): \(validation.statuses)")
        #expect(produced == expected.codes.intersection(knownCodes), "\(path): unchecked \(validation.unchecked)")
        for (assertion, outcome) in expected.ingredients ?? [:] {
            let ingredient = try #require(validation.ingredients.first { $0.assertion == assertion }, "\(path): no result for \(assertion)")
            #expect(Self.outcome(of: ingredient) == outcome, "\(path) \(assertion): \(ingredient.statusCodes)")
        }
    }

    /// What an ingredient's validation found, in the oracle's terms.
    static func outcome(of ingredient: C2PAIngredientValidation) -> String {
        let codes = ingredient.statusCodes
        if codes.contains(.ingredientManifestMissing) { return "missing" }
        if codes.contains(.ingredientUnknownProvenance) { return "unknownProvenance" }
        return ingredient.manifestLabel != nil && !codes.contains(.ingredientManifestMismatch) ? "manifest" : "mismatch"
    }

    @Test(arguments: paths)
    func withoutATrustListSignersAreUntrustedAsInC2PARS(path: String) throws {
        try Self.check(path, expected: #require(Self.oracle.files[path]).untrusted, validator: C2PAValidator())
    }

    @Test(arguments: paths)
    func withTheTestAnchorsSignersAreTrustedAsInC2PARS(path: String) throws {
        try Self.check(path, expected: #require(Self.oracle.files[path]).trusted, validator: C2PAValidator(trustList: Self.trustList()))
    }

    @Test func aManifestPastedIntoAnotherFileFailsItsHardBinding() throws {
        let metadata = try MetadataReader.read(Fixtures.data("c2pa/pasted-manifest.jpg"))
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .invalid)
        #expect(validation.failures.map(\.code) == [.dataHashMismatch])
        #expect(validation.statuses.contains { $0.code == .claimSignatureValidated })
    }

    @Test(arguments: ["bmff-pasted-manifest.avif", "bmff-image-byte-changed.avif", "bmff-box-inserted.avif"])
    func anAVIFWhoseBoxesChangedFailsItsBMFFBinding(name: String) throws {
        let validation = try #require(try MetadataReader.read(Fixtures.data("c2pa/\(name)")).c2pa?.validation)
        #expect(validation.state == .invalid)
        #expect(validation.failures.map(\.code) == [.bmffHashMismatch])
        #expect(validation.statuses.contains { $0.code == .claimSignatureValidated })
    }

    @Test func aChangedClaimFailsItsSignature() throws {
        let validation = try #require(try MetadataReader.read(Fixtures.data("c2pa/claim-byte-changed.jpg")).c2pa?.validation)
        #expect(validation.state == .invalid)
        #expect(validation.failures.map(\.code) == [.claimSignatureMismatch])
    }

    @Test func certificatesOutsideTheirValidityMakeTheManifestInvalid() throws {
        let late = C2PAValidator(validationTime: Date(timeIntervalSince1970: 4_102_444_800))  // 2100
        let metadata = try MetadataReader.read(Fixtures.data("c2pa/signed-es256.jpg"), c2paValidator: late)
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .invalid)
        #expect(validation.statusCodes.contains(.claimSignatureOutsideValidity))
    }

    /// C.jpg's signer certificate has long expired by 2100, but its verified `sigTst` time-stamp dates
    /// the signature inside the certificate's validity: still Valid. Trusted would need the time-stamp
    /// authority (DigiCert) on the trust list too, since only it vouches for the earlier time.
    @Test func aVerifiedTimeStampDatesTheCertificateCheckButAnUntrustedAuthorityCannotMakeItTrusted() throws {
        let late = Date(timeIntervalSince1970: 4_102_444_800)  // 2100
        let data = try Data(contentsOf: C2PAValidationOracle.url("../shared/data/c2pa/images/C.jpg"))
        let plain = try #require(try MetadataReader.read(data, c2paValidator: C2PAValidator(validationTime: late)).c2pa?.validation)
        #expect(plain.state == .valid)
        #expect(plain.statusCodes.contains(.claimSignatureInsideValidity) && plain.statusCodes.contains(.timeStampValidated))
        let anchored = C2PAValidator(trustList: try Self.trustList(), validationTime: late)
        let trusted = try #require(try MetadataReader.read(data, c2paValidator: anchored).c2pa?.validation)
        #expect(trusted.state == .valid)
        #expect(trusted.statuses.contains { $0.code == .signingCredentialUntrusted && $0.explanation.contains("time-stamp authority") })
        let now = try #require(try MetadataReader.read(data, c2paValidator: C2PAValidator(trustList: try Self.trustList())).c2pa?.validation)
        #expect(now.state == .trusted)
    }

    /// Byte edits inside the time-stamp token of C.jpg, never a crash. The token lies outside the signed
    /// claim, so only the time-stamp can fail; its TSTInfo and signature are checked, but about half
    /// the token is the chain above the authority's certificate and the response's status, which a
    /// `sigTst` check does not read (c2pa-rs does not either): edits there leave it validated.
    @Test func mutatedTimeStampTokensAreNeverValidated() throws {
        let original = [UInt8](try Data(contentsOf: C2PAValidationOracle.url("../shared/data/c2pa/images/C.jpg")))
        let label = Array("tstTokens".utf8)
        let start = try #require((0..<(original.count - label.count)).first { original[$0..<$0 + label.count].elementsEqual(label) })
        var random = SeededGenerator(state: 20_261_208)
        var failed = 0
        for _ in 0..<200 {
            var variant = original
            variant[Int.random(in: (start + 20)..<(start + 4000), using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            guard let validation = try MetadataReader.read(Data(variant)).c2pa?.validation else { continue }
            if !validation.statusCodes.contains(.timeStampValidated) { failed += 1 }
        }
        #expect(failed > 50, "only \(failed) of 200 edited tokens failed verification")
    }

    @Test func anAnchorThatDidNotIssueTheChainLeavesTheSignerUntrusted() throws {
        let other = try C2PATrustList(contentsOf: Fixtures.url("forensics/c2pa-test-credentials/ca.pem"))
        let metadata = try MetadataReader.read(Fixtures.data("c2pa/signed-testca.jpg"), c2paValidator: C2PAValidator(trustList: other))
        let validation = try #require(metadata.c2pa?.validation)
        #expect(validation.state == .valid)
        #expect(validation.statusCodes.contains(.signingCredentialUntrusted))
    }

    @Test func aTrustListWithoutCertificatesIsATypedError() {
        #expect(throws: C2PAValidationError.self) { try C2PATrustList(pem: "not a certificate") }
    }

    /// Byte edits inside the manifest store (JUMBF boxes, claim CBOR, COSE, certificates) of the
    /// small signed fixtures: every variant is read, or refused, or validated as Invalid, never Valid
    /// unless the edit missed every hashed and signed byte, and never a crash or a hang.
    @Test func mutatedManifestsAreNeverValidated() throws {
        var random = SeededGenerator(state: 20_261_206)
        var invalid = 0, unreadable = 0
        for name in ["signed-es256.jpg", "signed-ps256.jpg", "signed-ed25519.jpg", "signed-testca.png", "signed-es256.avif",
                     "signed-es256.mp4"] {
            let original = [UInt8](try Fixtures.data("c2pa/\(name)"))
            let store = try #require(Self.storeRange(original), "\(name) has no JUMBF")
            for _ in 0..<150 {
                var variant = original
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    variant[Int.random(in: store, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                }
                guard let validation = try MetadataReader.read(Data(variant)).c2pa?.validation else {
                    unreadable += 1
                    continue
                }
                if validation.state == .invalid { invalid += 1 } else {
                    // Bytes c2pa does not hash (padding, box labels it never reads) may change freely.
                    #expect(validation.isBoundToAsset && validation.statuses.contains { $0.code == .claimSignatureValidated })
                }
            }
        }
        #expect(invalid > 250, "only \(invalid) variants were invalid, \(unreadable) unreadable")
    }

    /// Byte edits in the hashed boxes of a signed AVIF and HEIC (box sizes and types, `meta`,
    /// `mdat`): read or refused with a note, never a crash or a hang, and never Valid. The `ftyp` and
    /// C2PA `uuid` boxes are left alone: the binding excludes them by design.
    @Test func mutatedBoxesOfSignedHEIFFilesAreNeverValidated() throws {
        var random = SeededGenerator(state: 20_261_207)
        var invalid = 0
        for name in ["signed-es256.avif", "signed-es256.heic"] {
            let original = [UInt8](try Fixtures.data("c2pa/\(name)"))
            let hashed = Self.topLevelBoxes(original).filter { !["ftyp", "uuid"].contains($0.type) }.flatMap(\.range)
            for _ in 0..<150 {
                var variant = original
                let position = hashed[Int.random(in: 0..<hashed.count, using: &random)]
                variant[position] ^= UInt8.random(in: 1...255, using: &random)
                guard let validation = try? MetadataReader.read(Data(variant)).c2pa?.validation else { continue }
                #expect(validation.state == .invalid, "\(name): byte \(position) changed, still \(validation.state)")
                invalid += validation.state == .invalid ? 1 : 0
            }
        }
        #expect(invalid > 200, "only \(invalid) variants were read and invalid")
    }

    /// The type and byte range of each top-level ISO BMFF box.
    static func topLevelBoxes(_ bytes: [UInt8]) -> [(type: String, range: Range<Int>)] {
        var boxes: [(type: String, range: Range<Int>)] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 8 else { break }
            boxes.append((String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self), offset..<min(offset + size, bytes.count)))
            offset += size
        }
        return boxes
    }

    /// From the first `jumb` box type to the end of the last APP11 segment or caBX chunk.
    static func storeRange(_ bytes: [UInt8]) -> Range<Int>? {
        let jumb = Array("jumb".utf8)
        guard let start = (0..<(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == jumb }) else { return nil }
        let signature = Array("c2pa.signature".utf8)
        let last = (start..<(bytes.count - signature.count)).last { Array(bytes[$0..<$0 + signature.count]) == signature } ?? start
        return (start - 4)..<min(bytes.count, last + 2048)
    }
}
