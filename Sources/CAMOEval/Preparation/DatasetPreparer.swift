import CAMOGate
import CAMORuntime
import CAMOVision
import Foundation

/// Turns a labelled dataset into training subsets, one per transform, in Hugging Face `imagefolder` layout:
/// `OUT/<subset>/<split>/<index>_<crop>.png` beside a `metadata.jsonl`, face masks in `OUT/masks/`, and
/// `prepare-report.json`/`.md`. Files are written atomically and recorded as they finish, so a killed run
/// resumes where it stopped and gives the same bytes as an uninterrupted one.
public struct DatasetPreparer: Sendable {
    /// Called after every source image: (done, total, already finished).
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ resumed: Int) -> Void

    public let options: PrepareOptions
    /// Needed for the face pipeline; the general pipeline ignores it.
    public let gate: (any ContentGate)?

    public init(options: PrepareOptions, gate: (any ContentGate)?) throws(PreparationError) {
        try options.validate()
        if case .faces = options.mode, gate == nil { throw .invalidOption("the face pipeline needs a gate") }
        self.options = options
        self.gate = gate
    }

    public func prepare(_ dataset: Dataset, into output: URL, progress: Progress? = nil) async throws -> PreparationReport {
        let clock = ContinuousClock()
        let start = clock.now
        let folder = PreparedFolder(root: output)
        try folder.claim(for: dataset, options: options)
        let ledger = try PreparationLedger(url: folder.ledgerURL)

        let positions = dataset.items.indices.filter { options.shard?.contains(position: $0) ?? true }
        let missing = dataset.missing.enumerated().filter { options.shard?.contains(position: dataset.items.count + $0.offset) ?? true }
        var outcomes: [ItemOutcome] = []
        var done = 0, resumed = 0
        let total = positions.count
        try await withThrowingTaskGroup(of: ItemOutcome.self) { group in
            var next = positions.makeIterator()
            func submit() {
                guard let position = next.next() else { return }
                group.addTask { try await self.process(dataset.items[position], index: position, folder: folder, ledger: ledger) }
            }
            for _ in 0..<min(options.concurrency, total) { submit() }
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                done += 1
                if outcome.resumed { resumed += 1 }
                progress?(done, total, resumed)
                submit()
            }
        }

        let records = outcomes.flatMap(\.records)
        let written = try folder.writeMetadata(records.flatMap(\.outputs), previous: await ledger.records.values.flatMap(\.outputs))
        try await ledger.compact(keeping: Set(records.map(\.key)))

        var skipped = outcomes.compactMap(\.skipped)
        skipped += missing.map { PreparationReport.Skipped(file: $0.element.path, reason: .missingFile,
                                                           detail: $0.element.line.map { "listed on line \($0)" }) }
        skipped.sort { ($0.reason, $0.file) < ($1.reason, $1.file) }
        let report = PreparationReport(
            dataset: dataset.root.path, layout: dataset.layout.rawValue, mode: Self.describe(options.mode),
            transforms: options.transforms.map(\.description), splits: options.splits.description, seed: options.seed,
            encoding: options.encoding.description, shard: options.shard?.description,
            sourceImages: total + missing.count, preparedImages: outcomes.filter { $0.records.contains { !$0.outputs.isEmpty } }.count,
            resumedImages: resumed, outputs: written.count, seconds: (clock.now - start) / .seconds(1),
            counts: Self.counts(written), skippedByReason: Dictionary(grouping: skipped, by: \.reason.rawValue).mapValues(\.count),
            skipped: skipped)
        try AtomicFileWriter.write(try report.json(), to: output.appendingPathComponent("prepare-report.json"))
        try AtomicFileWriter.write(Data(report.markdown().utf8), to: output.appendingPathComponent("prepare-report.md"))
        return report
    }

    /// What one source image gave: its records (finished or skipped), or why it gave nothing.
    struct ItemOutcome: Sendable {
        var records: [PreparationRecord] = []
        var skipped: PreparationReport.Skipped?
        var resumed = false
    }

    private func process(_ item: DatasetItem, index: Int, folder: PreparedFolder, ledger: PreparationLedger) async throws -> ItemOutcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> ItemOutcome {
            ItemOutcome(skipped: .init(file: item.id, reason: reason, detail: detail))
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: item.url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: item.url.path)
            return skip(exists ? .unreadable : .missingFile, exists ? error.localizedDescription : nil)
        }
        let sha = SHA256.hexDigest([UInt8](bytes))
        let identity = options.outputIdentity
        var finished: [PreparationRecord] = []
        var pending: [PreparationTransform] = []
        for transform in options.transforms {
            let record = await ledger.record(for: PreparationRecord.key(sourceIndex: index, transform: transform.description))
            if PreparationLedger.isCurrent(record, sourceSHA256: sha, options: identity, root: folder.root), let record {
                finished.append(record)
            } else {
                pending.append(transform)
            }
        }
        if pending.isEmpty { return ItemOutcome(records: finished, skipped: Self.skipped(item, finished), resumed: true) }

        let image: Image
        do {
            image = try ImageDecoder.decode(bytes).image
        } catch {
            return skip(.undecodable, "\(error)")
        }
        let crops: [Crop]
        switch try await cropsOrReason(of: image) {
        case let .failure(reason):
            for transform in pending {
                let record = PreparationRecord(sourceIndex: index, sourceSHA256: sha, transform: transform.description, options: identity,
                                               skipped: reason.reason, skippedDetail: reason.detail, outputs: [])
                try await ledger.append(record)
                finished.append(record)
            }
            return ItemOutcome(records: finished, skipped: .init(file: item.id, reason: reason.reason, detail: reason.detail))
        case let .success(found):
            crops = found
        }

        let split = options.splits.split(forGroup: Self.group(of: item), seed: options.seed)
        let stem = String(format: "%06d", index)
        var masks: [String: (file: String, sha: String)] = [:]
        for crop in crops {
            guard let mask = crop.mask else { continue }
            let file = "masks/\(stem)_\(crop.suffix).png"
            let data = try ImageEncoder.png(mask)
            try AtomicFileWriter.write(data, to: folder.root.appendingPathComponent(file))
            masks[crop.suffix] = (file, SHA256.hexDigest([UInt8](data)))
        }
        for transform in pending {
            var outputs: [PreparedOutput] = []
            for crop in crops {
                let perturbed: (image: Image, steps: [String])
                do {
                    perturbed = try transform.apply(to: crop.image, seed: options.seed, key: "\(sha):\(crop.suffix)")
                } catch {
                    return ItemOutcome(records: finished, skipped: .init(file: item.id, reason: .transformFailed,
                                                                         detail: "\(transform) on \(crop.suffix): \(error)"))
                }
                let data = try options.encoding.encode(perturbed.image)
                let file = "\(transform)/\(split)/\(stem)_\(crop.suffix).\(options.encoding.fileExtension)"
                try AtomicFileWriter.write(data, to: folder.root.appendingPathComponent(file))
                var output = PreparedOutput(
                    file: file, sha256: SHA256.hexDigest([UInt8](data)), subset: transform.description, split: split,
                    label: item.isFake ? 1 : 0, sourceIndex: index, sourceFile: item.id, sourceSHA256: sha, source: Self.group(of: item),
                    generator: item.attributes["generator"] ?? "", content: item.attributes["content"] ?? "",
                    transform: transform.description, transformSteps: perturbed.steps, seed: options.seed)
                crop.describe(into: &output)
                output.maskFile = masks[crop.suffix]?.file
                output.maskSHA256 = masks[crop.suffix]?.sha
                outputs.append(output)
            }
            let record = PreparationRecord(sourceIndex: index, sourceSHA256: sha, transform: transform.description, options: identity,
                                           skipped: nil, skippedDetail: nil, outputs: outputs)
            try await ledger.append(record)
            finished.append(record)
        }
        return ItemOutcome(records: finished)
    }

    /// A window of the source that becomes one training image per transform.
    struct Crop: Sendable {
        /// `f0` (face 0), `c0` (centre), `t3` (tile 3): part of the file name.
        var suffix: String
        var image: Image
        var mask: GrayImage?
        var face: (index: Int, gateFace: GateFace, aligned: AlignedFace)?
        var window: (rect: Rect, tile: Int?)?

        func describe(into output: inout PreparedOutput) {
            if let face {
                output.faceIndex = face.index
                let box = face.gateFace.box
                output.faceBox = [box.minX, box.minY, box.maxX, box.maxY].map(Self.rounded)
                output.faceScore = Self.rounded(Double(face.gateFace.score))
                output.alignedFrom = face.gateFace.alignedFrom
                output.landmarks = face.aligned.landmarks.map { [Self.rounded($0.x), Self.rounded($0.y)] }
                let t = face.aligned.transform
                output.alignment = [t.a, t.b, t.c, t.d, t.e, t.f]
            }
            if let window {
                output.crop = [window.rect.x, window.rect.y, window.rect.width, window.rect.height]
                output.tileIndex = window.tile
            }
        }

        /// Four decimals: far below a pixel, and short rows.
        static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
    }

    struct Rejection: Error {
        var reason: SkipReason
        var detail: String?
    }

    private func cropsOrReason(of image: Image) async throws -> Result<[Crop], Rejection> {
        switch options.mode {
        case let .faces(filter):
            guard let gate else { return .failure(Rejection(reason: .gateFailed, detail: "no gate")) }
            let decision: GateDecision
            do {
                decision = try await gate.decide(image)
            } catch {
                return .failure(Rejection(reason: .gateFailed, detail: "\(error)"))
            }
            return Self.faces(in: decision, image: image, filter: filter)
        case let .general(crop):
            return Self.windows(of: image, crop: crop)
        }
    }

    /// The usable faces of a gate decision, largest first; the first face's reason when none is usable.
    static func faces(in decision: GateDecision, image: Image, filter: PrepareOptions.FaceFilter) -> Result<[Crop], Rejection> {
        guard !decision.faces.isEmpty else { return .failure(Rejection(reason: .noFace)) }
        var crops: [Crop] = []
        var firstRejection: Rejection?
        let candidates = filter.largestOnly ? Array(decision.faces.prefix(1)) : decision.faces
        for (index, face) in candidates.enumerated() {
            let side = min(face.box.width, face.box.height)
            let share = face.box.width * face.box.height / Double(image.width * image.height)
            let points = face.landmarks ?? face.keypoints
            var rejection: Rejection?
            if side < filter.minimumSide {
                rejection = Rejection(reason: .faceTooSmall, detail: String(format: "face %d is %.0f px, fewer than %.0f", index, side, filter.minimumSide))
            } else if share < filter.minimumShare {
                rejection = Rejection(reason: .faceTooSmall, detail: String(format: "face %d covers %.3f of the image, less than %.3f",
                                                                              index, share, filter.minimumShare))
            } else if face.score < filter.minimumScore {
                rejection = Rejection(reason: .lowScore, detail: String(format: "face %d scored %.3f", index, face.score))
            } else if let outside = points.firstIndex(where: {
                !(0...Double(image.width)).contains($0.x) || !(0...Double(image.height)).contains($0.y)
            }) {
                rejection = Rejection(reason: .landmarksOutside, detail: "face \(index), point \(outside) at \(points[outside])")
            } else if index >= decision.alignedFaces.count {
                rejection = Rejection(reason: .notAligned, detail: decision.notes.first { $0.hasPrefix("face \(index)") })
            }
            if let rejection {
                firstRejection = firstRejection ?? rejection
                continue
            }
            let aligned = decision.alignedFaces[index]
            crops.append(Crop(suffix: "f\(index)", image: aligned.image, mask: aligned.mask, face: (index, face, aligned)))
        }
        if crops.isEmpty { return .failure(firstRejection ?? Rejection(reason: .noFace)) }
        return .success(crops)
    }

    /// The centre window or the tiles of `crop.size`, cut without resampling.
    static func windows(of image: Image, crop: PrepareOptions.GeneralCrop) -> Result<[Crop], Rejection> {
        let size = crop.size
        guard image.width >= size, image.height >= size else {
            return .failure(Rejection(reason: .smallerThanCrop, detail: "\(image.width)×\(image.height) < \(size)×\(size)"))
        }
        var rects: [(Rect, Int?)] = []
        switch crop.placement {
        case .centre:
            rects = [(Rect(x: (image.width - size) / 2, y: (image.height - size) / 2, width: size, height: size), nil)]
        case .tiles:
            tiling: for row in 0..<(image.height / size) {
                for column in 0..<(image.width / size) {
                    guard rects.count < crop.maximumTiles else { break tiling }
                    rects.append((Rect(x: column * size, y: row * size, width: size, height: size), rects.count))
                }
            }
        }
        var crops: [Crop] = []
        for (rect, tile) in rects {
            guard let window = try? image.cropped(to: rect) else { continue }
            crops.append(Crop(suffix: tile.map { "t\($0)" } ?? "c0", image: window, window: (rect, tile)))
        }
        return .success(crops)
    }

    private static func group(of item: DatasetItem) -> String {
        item.attributes["source"].flatMap { $0.isEmpty ? nil : $0 } ?? item.id
    }

    private static func skipped(_ item: DatasetItem, _ records: [PreparationRecord]) -> PreparationReport.Skipped? {
        guard let record = records.first(where: { $0.skipped != nil }), let reason = record.skipped else { return nil }
        return .init(file: item.id, reason: reason, detail: record.skippedDetail)
    }

    private static func describe(_ mode: PrepareOptions.Mode) -> String {
        switch mode {
        case let .faces(f):
            String(format: "faces (%@, side ≥ %.0f px, share ≥ %.3f, score ≥ %.2f)", f.largestOnly ? "largest face" : "every face",
                   f.minimumSide, f.minimumShare, Double(f.minimumScore))
        case let .general(c):
            "general (\(c.placement.rawValue) \(c.size)×\(c.size)" + (c.placement == .tiles ? ", up to \(c.maximumTiles) tiles)" : ")")
        }
    }

    private static func counts(_ outputs: [PreparedOutput]) -> [PreparationReport.Count] {
        let grouped = Dictionary(grouping: outputs) { "\($0.subset)\u{0}\($0.split)\u{0}\($0.label)" }
        return grouped.values.compactMap { group in
            group.first.map { PreparationReport.Count(subset: $0.subset, split: $0.split, label: $0.label == 1 ? "fake" : "real",
                                                      images: group.count) }
        }.sorted { ($0.subset, $0.split, $0.label) < ($1.subset, $1.split, $1.label) }
    }
}
