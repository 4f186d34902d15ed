import ArgumentParser
import CAMO
import CAMOForensics
import Foundation

/// `camo image c2pa`: a file's C2PA manifest store as c2patool shows it, with the validation results.
struct ImageC2PACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "c2pa",
        abstract: "Show each file's C2PA manifests (active manifest, claim generator, actions, signer) and validate them.",
        discussion: "Validation follows c2pa-rs (docs/provenance.md): the state is Invalid, Valid or Trusted, with c2pa-rs's "
            + "status codes. Without trust anchors (--trust-anchors, else CAMO_C2PA_TRUST_ANCHORS) no signer is trusted. "
            + "Exit status 1 when a file could not be read."
    )

    @Argument(help: "JPEG, PNG or WebP files (HEIF and AVIF manifests are not read yet).")
    var files: [String]

    @Flag(help: "Print JSON: one entry per file.")
    var json = false

    @Option(help: "PEM file of trust anchors for C2PA signers (as c2pa-rs's trust_anchors).")
    var trustAnchors: String?

    struct FileManifests: Encodable {
        var schemaVersion = JSONConvention.schemaVersion
        var file: String
        /// Nil when the file carries no manifest store.
        var c2pa: C2PAManifestStore?
    }

    func run() throws {
        let anchors = trustAnchors ?? ProvenanceExpert.trustAnchorsFromEnvironment
        let validator = C2PAValidator(trustList: try anchors.map { try C2PATrustList(contentsOf: URL(fileURLWithPath: $0)) })
        try BatchEntry<FileManifests>.report(files, json: json, read: { file in
            // From the file, so that a video's boxes are read from their headers rather than the clip loaded whole.
            let metadata = try MetadataReader.read(contentsOf: URL(fileURLWithPath: file), c2paValidator: validator)
            return FileManifests(file: file, c2pa: metadata.c2pa)
        }, describe: Self.describe)
    }

    static func describe(_ report: FileManifests) -> String {
        guard let store = report.c2pa else { return "\(report.file): no C2PA manifest" }
        var lines = ["\(report.file): C2PA manifest store in \(store.source), \(store.manifests.count) manifest(s)"]
        if let validation = store.validation {
            lines.append("  validation: \(validation.state.rawValue) (active manifest \(validation.manifestLabel))")
            for status in validation.statuses { lines.append("    \(status.code.rawValue): \(status.explanation)") }
            if !validation.unchecked.isEmpty { lines.append("    not checked: \(validation.unchecked.joined(separator: "; "))") }
            for ingredient in validation.ingredients {
                let name = ingredient.assertion.split(separator: "/").suffix(3).joined(separator: "/")
                let outcome = ingredient.state?.rawValue ?? ingredient.statusCodes.map(\.rawValue).joined(separator: ", ")
                lines.append("  ingredient \(name): \(outcome)")
                if ingredient.state != nil {
                    let codes = ingredient.statusCodes.filter { $0.isFailure || $0 == .signingCredentialUntrusted }
                    if !codes.isEmpty { lines.append("    \(codes.map(\.rawValue).joined(separator: ", "))") }
                }
            }
        }
        for manifest in store.manifests.reversed() {
            let active = manifest.label == store.activeManifestLabel ? " (active)" : ""
            lines.append("  manifest \(manifest.label)\(active)")
            if let generator = manifest.claimGenerator { lines.append("    claim generator: \(generator)") }
            if let title = manifest.title { lines.append("    title: \(title)") }
            for action in manifest.actions {
                let source = action.digitalSourceType.map { " digitalSourceType \($0.split(separator: "/").last ?? "")" } ?? ""
                let agent = action.softwareAgent.map { " by \($0)" } ?? ""
                lines.append("    action \(action.action)\(source)\(agent)")
            }
            let ingredients = manifest.assertionLabels.filter { $0.hasPrefix("c2pa.ingredient") }
            if !ingredients.isEmpty { lines.append("    ingredients: \(ingredients.count)") }
            if let signer = manifest.signer {
                lines.append("    signed by \(signer.certificateSubject ?? "unknown") (issuer \(signer.certificateIssuer ?? "unknown"), "
                    + "\(signer.algorithm ?? "?"), \(signer.certificateCount) certificate(s))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
