import CAMORuntime
import Foundation

/// The output folder of `DatasetPreparer`: which dataset it holds (`.camo-prepare/dataset.json`), its resume
/// records, and the `metadata.jsonl` of every (subset, split).
struct PreparedFolder: Sendable {
    /// What `.camo-prepare/dataset.json` says the folder holds.
    struct Claim: Codable, Equatable {
        var dataset: String
        /// sha256 over the listing (path and label of every image), so a changed listing is a different dataset.
        var listing: String
        var images: Int
        var options: String
    }

    let root: URL

    var stateFolder: URL { root.appendingPathComponent(".camo-prepare") }
    var ledgerURL: URL { stateFolder.appendingPathComponent("records.jsonl") }
    var claimURL: URL { stateFolder.appendingPathComponent("dataset.json") }

    /// Makes the folder this dataset's. A folder that is empty, missing, or holds this dataset prepared with these
    /// options is taken; anything else only with `resume`, since writing there would mix two datasets.
    func claim(for dataset: Dataset, options: PrepareOptions) throws(PreparationError) {
        let claim = Claim(dataset: dataset.root.standardizedFileURL.path, listing: Self.listingHash(dataset),
                          images: dataset.items.count + dataset.missing.count, options: options.outputIdentity)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        if !entries.isEmpty && !options.resume {
            guard let data = try? Data(contentsOf: claimURL), let held = try? JSONDecoder().decode(Claim.self, from: data) else {
                throw .outputHoldsOtherData(path: root.path, reason: "is not empty and was not written by camo dataset prepare")
            }
            if held.listing != claim.listing {
                throw .outputHoldsOtherData(path: root.path, reason: "already holds a different dataset (\(held.dataset), \(held.images) images)")
            }
            if held.options != claim.options {
                throw .outputHoldsOtherData(path: root.path, reason: "holds this dataset prepared with other options (\(held.options))")
            }
        }
        AtomicFileWriter.removeLeftovers(under: root)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(claim) else { return }
        try AtomicFileWriter.write(data, to: claimURL)
    }

    /// Writes one `metadata.jsonl` per (subset, split), rows sorted by file, and removes what earlier runs wrote
    /// that this run did not (outputs of dropped transforms or sources, their metadata files). Returns the outputs.
    func writeMetadata(_ outputs: [PreparedOutput], previous: [PreparedOutput]) throws -> [PreparedOutput] {
        let sorted = outputs.sorted { $0.file < $1.file }
        let folders = Dictionary(grouping: sorted) { "\($0.subset)/\($0.split)" }
        for (folder, rows) in folders {
            var data = Data()
            for row in rows { data += try row.metadataRow() + Data("\n".utf8) }
            try AtomicFileWriter.write(data, to: root.appendingPathComponent("\(folder)/metadata.jsonl"))
        }
        let kept = Set(sorted.map(\.file) + sorted.compactMap(\.maskFile))
        for old in previous {
            for file in [old.file, old.maskFile].compactMap({ $0 }) where !kept.contains(file) {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(file))
            }
            let folder = "\(old.subset)/\(old.split)"
            if folders[folder] == nil { try? FileManager.default.removeItem(at: root.appendingPathComponent("\(folder)/metadata.jsonl")) }
        }
        return sorted
    }

    static func listingHash(_ dataset: Dataset) -> String {
        var text = ""
        for item in dataset.items { text += "\(item.id)\t\(item.isFake ? 1 : 0)\n" }
        for missing in dataset.missing { text += "\(missing.path)\tmissing\n" }
        return SHA256.hexDigest([UInt8](text.utf8))
    }
}
