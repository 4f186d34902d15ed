import CAMOEval
import CAMORuntime
import CAMOVision
import Foundation

/// Makes a synthetic twin of every real image of a dataset: caption → moderate → generate, through the engines of a
/// `MirrorConfiguration`, into a Hugging Face `imagefolder` (`OUT/train/{real,fake}/<pair_id>.<ext>` and
/// `OUT/train/metadata.jsonl`). A killed run resumes from `.camo-mirror/records.jsonl` with nothing lost and no
/// engine asked twice for what it already answered.
///
/// ```swift
/// let mirrorer = try Mirrorer(configuration: try MirrorConfiguration.load(contentsOf: yaml))
/// let report = try await mirrorer.mirror(try Dataset.load(at: folder), into: out)
/// ```
public struct Mirrorer: Sendable {
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ resumed: Int, _ note: String) -> Void

    public let configuration: MirrorConfiguration
    public let options: MirrorOptions
    let captioner: Captioner
    let moderator: Moderator?
    let generators: [String: any ImageEngine]
    let limiters: [String: AsyncLimiter]
    /// Each ComfyUI model's workflow digest, read once with the workflow.
    let workflowDigests: [String: String]

    public init(configuration: MirrorConfiguration, options: MirrorOptions = MirrorOptions(),
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(MirrorError) {
        // A configuration built in code has not been through `load`'s checks: every name looked up below must exist.
        do { try configuration.validate(file: "mirror configuration") } catch { throw .configuration(error) }
        self.configuration = configuration
        self.options = options
        var connections: [String: EngineConnection] = [:]
        for (name, engine) in configuration.engines {
            do {
                connections[name] = try EngineConnection(name: name, configuration: engine, retries: configuration.retries, environment: environment)
            } catch {
                throw .engineSetup(engine: name, error)
            }
        }
        func chat(_ name: String) -> any ChatEngine {
            let connection = connections[name]!
            return EngineRegistry.chatKinds[connection.configuration.kind]!(connection)
        }
        captioner = Captioner(engine: chat(configuration.caption.engine), configuration: configuration.caption)
        moderator = configuration.moderation.map { Moderator(engine: chat($0.engine), prompt: $0.prompt) }
        var workflows: [String: [String: ComfyUIWorkflow]] = [:]
        for model in configuration.models {
            guard let file = model.workflow else { continue }
            do {
                workflows[model.engine, default: [:]][model.name] = try ComfyUIWorkflow(contentsOf: configuration.resolve(file))
            } catch {
                throw .configuration(error)
            }
        }
        var generators: [String: any ImageEngine] = [:]
        for model in configuration.models where generators[model.engine] == nil {
            let connection = connections[model.engine]!
            generators[model.engine] = EngineRegistry.imageKinds[connection.configuration.kind]!.make(connection, workflows[model.engine] ?? [:])
        }
        self.generators = generators
        limiters = connections.mapValues(\.limiter)
        workflowDigests = Dictionary(uniqueKeysWithValues: workflows.values.flatMap { $0.map { ($0.key, $0.value.sha256) } })
    }

    /// Mirrors `dataset`'s real images into `folder` and writes its metadata and reports.
    public func mirror(_ dataset: Dataset, into folder: URL, progress: Progress? = nil) async throws(MirrorError) -> MirrorReport {
        let start = ContinuousClock.now
        var twins = dataset.items.enumerated().filter { !$0.element.isFake }
        if let shard = options.shard { twins = twins.filter { shard.contains(position: $0.offset) } }
        if let limit = options.limit { twins = Array(twins.prefix(limit)) }
        guard !twins.isEmpty else { throw .noRealImages(path: dataset.root.path) }
        let ledger: ResumeLedger<MirrorRecord>
        do {
            try claim(folder, for: dataset)
            AtomicFileWriter.removeLeftovers(under: folder)
            ledger = try ResumeLedger(url: folder.appendingPathComponent("\(MirrorLayout.state)/records.jsonl"))
        } catch {
            throw .output(error)
        }
        let inFlight = max(1, options.concurrency ?? configuration.engines.values.map(\.concurrency).reduce(0, +))
        var outcomes: [Outcome] = []
        var done = 0, resumed = 0
        progress?(0, twins.count, 0, "")
        do {
            try await withThrowingTaskGroup(of: Outcome.self) { group in
                var next = twins.makeIterator()
                func launch() {
                    guard let (index, item) = next.next() else { return }
                    group.addTask { try await self.process(item, index: index, folder: folder, ledger: ledger) }
                }
                for _ in 0..<inFlight { launch() }
                while let outcome = try await group.next() {
                    outcomes.append(outcome)
                    done += 1
                    if outcome.resumed { resumed += 1 }
                    let failed = outcomes.filter { $0.problem != nil }.count
                    progress?(done, twins.count, resumed, failed > 0 ? "\(failed) not mirrored" : "")
                    launch()
                }
            }
        } catch let error as PreparationError {
            throw .output(error)
        } catch {
            throw .output(.writeFailed(path: folder.path, reason: "\(error)"))
        }
        let keys = Set(twins.map { Self.pairID($0.offset) })
        let records = await ledger.records.values.filter { keys.contains($0.pairID) }.sorted { $0.pairID < $1.pairID }
        let finished = records.filter { $0.stage == .mirrored }
        var refused: [String: Int] = [:], failed: [String: Int] = [:], byModel: [String: Int] = [:]
        for record in records where record.stage == .refused { refused[record.refusalReason ?? "refused", default: 0] += 1 }
        for outcome in outcomes { if let problem = outcome.problem, !outcome.refused { failed[problem.reason, default: 0] += 1 } }
        for record in finished { byModel[record.model ?? "", default: 0] += 1 }
        let report = MirrorReport(
            dataset: dataset.root.path, shard: options.shard?.description, realImages: twins.count, mirrored: finished.count,
            mirroredThisRun: outcomes.filter { !$0.resumed && $0.problem == nil }.count, resumed: resumed,
            refusedByReason: refused, failedByReason: failed, byModel: byModel, stageTimes: MirrorReport.stageTimes(finished),
            seconds: (ContinuousClock.now - start) / .seconds(1),
            problems: outcomes.compactMap(\.problem).sorted { $0.sourceFile < $1.sourceFile })
        do {
            try await ledger.compact(keeping: keys)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var lines = Data()
            for row in finished.flatMap(MirrorRow.pair) { lines += try encoder.encode(row) + Data("\n".utf8) }
            try AtomicFileWriter.write(lines, to: folder.appendingPathComponent("\(MirrorLayout.split)/metadata.jsonl"))
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            try AtomicFileWriter.write(try encoder.encode(report), to: folder.appendingPathComponent("mirror-report.json"))
            try AtomicFileWriter.write(Data(report.markdown.utf8), to: folder.appendingPathComponent("mirror-report.md"))
        } catch let error as PreparationError {
            throw .output(error)
        } catch {
            throw .output(.writeFailed(path: folder.path, reason: "\(error)"))
        }
        return report
    }

    struct Outcome: Sendable {
        var resumed = false
        var refused = false
        var problem: MirrorReport.Problem?
    }

    static func pairID(_ index: Int) -> String { String(format: "%06d", index) }

    /// One real image through every stage it still needs.
    func process(_ item: DatasetItem, index: Int, folder: URL, ledger: ResumeLedger<MirrorRecord>) async throws -> Outcome {
        let pairID = Self.pairID(index)
        func problem(_ stage: String, _ failure: EngineFailure) -> MirrorReport.Problem {
            MirrorReport.Problem(sourceFile: item.id, stage: stage, reason: failure.reason, detail: failure.detail)
        }
        let bytes: Data
        do { bytes = try ImageDecoder.readFile(item.url) } catch {
            return Outcome(problem: problem("read", .failure("unreadable image", "\(error)")))
        }
        let sha = SHA256.hexDigest([UInt8](bytes))
        let captionIdentity = configuration.captionIdentity
        let generation = chooseModel(sha: sha)
        let generationIdentity = generationIdentity(generation.model, seed: generation.seed)
        let earlier = await ledger.record(for: pairID).flatMap { $0.sourceSHA256 == sha ? $0 : nil }
        if let earlier, earlier.stage == .mirrored, earlier.captionIdentity == captionIdentity,
           earlier.generationIdentity == generationIdentity, earlier.filesAreIntact(under: folder) {
            return Outcome(resumed: true)
        }
        if let earlier, earlier.stage == .refused, !options.retryRefused, earlier.captionIdentity == captionIdentity,
           earlier.refusedAt != "generation" || earlier.generationIdentity == generationIdentity {
            return Outcome(resumed: true, refused: true)
        }
        // Decoded only now: a resumed run skips finished images without decoding them.
        let decoded: DecodedImage, twin: TwinEncoding
        do {
            decoded = try ImageDecoder.decode(bytes)
            twin = try TwinEncoding(of: bytes, info: decoded.info)
        } catch {
            return Outcome(problem: problem("read", .failure("unreadable image", "\(error)")))
        }
        var record = MirrorRecord(pairID: pairID, sourceFile: item.id, sourceSHA256: sha,
                                  source: item.attributes["source"].flatMap { $0.isEmpty ? nil : $0 } ?? pairID,
                                  captionIdentity: captionIdentity)
        func refuse(_ stage: String, _ failure: EngineFailure) async throws -> Outcome {
            try await Self.refuse(record, at: stage, failure, ledger: ledger, item: item)
        }
        // Captions survive a failed generation: the next run goes straight to the generator.
        if let earlier, earlier.captionIdentity == captionIdentity, let caption = earlier.caption, earlier.stage != .refused {
            record.captionRaw = earlier.captionRaw
            record.captionParts = earlier.captionParts
            record.caption = caption
            record.captionEngine = earlier.captionEngine
            record.moderationEngine = earlier.moderationEngine
            record.seconds = earlier.seconds.filter { ["caption", "moderation"].contains($0.key) }
        } else {
            let preview: Data
            do { preview = try ImageEncoder.jpeg(try Self.fitted(decoded.image, side: configuration.captionImageSide)) } catch {
                return Outcome(problem: problem("caption", .failure("image not encodable", "\(error)")))
            }
            let captionEngine = captioner.engine.connection
            record.captionEngine = "\(captionEngine.name) \(captionEngine.configuration.model ?? "")"
            let clock = ContinuousClock()
            do {
                var caption: Caption?
                let seconds = try await clock.measure {
                    caption = try await limiters[captionEngine.name]!.run { () async throws(EngineFailure) -> Caption in
                        try await captioner.caption(preview)
                    }
                }
                record.captionRaw = caption?.text
                record.captionParts = caption?.parts
                record.seconds["caption"] = seconds / .seconds(1)
            } catch let failure as EngineFailure {
                return failure.kind == .refusal ? try await refuse("caption", failure) : Outcome(problem: problem("caption", failure))
            }
            if let moderator, let raw = record.captionRaw {
                let connection = moderator.engine.connection
                record.moderationEngine = "\(connection.name) \(connection.configuration.model ?? "")"
                do {
                    var moderated = ""
                    let seconds = try await clock.measure {
                        moderated = try await limiters[connection.name]!.run { () async throws(EngineFailure) -> String in
                            try await moderator.moderate(raw)
                        }
                    }
                    record.caption = moderated
                    record.seconds["moderation"] = seconds / .seconds(1)
                } catch let failure as EngineFailure {
                    return failure.kind == .refusal ? try await refuse("moderation", failure) : Outcome(problem: problem("moderation", failure))
                }
            } else {
                record.caption = record.captionRaw
            }
            try await ledger.append(record)
        }
        return try await generate(record, generation: generation, identity: generationIdentity, decoded: decoded, bytes: bytes,
                                  twin: twin, item: item, folder: folder, ledger: ledger)
    }

    /// Records a refusal, keeping what the record already holds (its caption).
    static func refuse(
        _ record: MirrorRecord, at stage: String, _ failure: EngineFailure, ledger: ResumeLedger<MirrorRecord>, item: DatasetItem
    ) async throws -> Outcome {
        var record = record
        record.stage = .refused
        record.refusedAt = stage
        record.refusalReason = failure.reason
        record.refusalDetail = failure.detail
        try await ledger.append(record)
        return Outcome(refused: true, problem: MirrorReport.Problem(sourceFile: item.id, stage: stage, reason: failure.reason, detail: failure.detail))
    }

    private func generate(
        _ captioned: MirrorRecord, generation: (model: GeneratorModel, seed: UInt32), identity: String, decoded: DecodedImage,
        bytes: Data, twin: TwinEncoding, item: DatasetItem, folder: URL, ledger: ResumeLedger<MirrorRecord>
    ) async throws -> Outcome {
        var record = captioned
        func problem(_ failure: EngineFailure) -> Outcome {
            Outcome(problem: MirrorReport.Problem(sourceFile: item.id, stage: "generation", reason: failure.reason, detail: failure.detail))
        }
        let model = generation.model
        let size = model.size.size(forWidth: twin.width, height: twin.height)
        var request = GenerationRequest(prompt: record.caption ?? "", seed: generation.seed, width: size.width, height: size.height, model: model)
        if model.byImage {
            do {
                request.initImage = try ImageEncoder.png(decoded.image.resized(to: Size(width: size.width, height: size.height), method: .pillowLanczos))
            } catch {
                return problem(.failure("image not encodable", "\(error)"))
            }
        }
        let engine = generators[model.engine]!
        let sent = request
        record.model = model.name
        record.engine = "\(model.engine) (\(engine.connection.configuration.kind))"
        record.parameters = request.parameters
        record.seed = generation.seed
        record.generationIdentity = identity
        let clock = ContinuousClock()
        var generated: GeneratedImage?
        do {
            let seconds = try await clock.measure {
                generated = try await limiters[model.engine]!.run { () async throws(EngineFailure) -> GeneratedImage in
                    try await engine.generate(sent)
                }
            }
            record.seconds["generation"] = seconds / .seconds(1)
        } catch let failure as EngineFailure {
            return failure.kind == .refusal ? try await Self.refuse(record, at: "generation", failure, ledger: ledger, item: item) : problem(failure)
        }
        guard let generated else { return problem(.failure("no image")) }
        record.reported = generated.reported
        let encodingStart = ContinuousClock.now
        let fakeBytes: Data
        do {
            let image = try ImageDecoder.decode(generated.data).image
            // A safety checker (diffusers', some ComfyUI nodes) answers with a black image instead of an error.
            if image.pixels.allSatisfy({ $0 == 0 }) {
                return try await Self.refuse(record, at: "generation", .refusal("safety filter", "black image"), ledger: ledger, item: item)
            }
            fakeBytes = try twin.encode(image)
        } catch {
            return problem(.failure("unreadable generated image", "\(error)"))
        }
        let realBytes = twin.realReencoded ? try ImageEncoder.png(decoded.image) : bytes
        let realFile = MirrorLayout.realFile(record.pairID, twin, originalExtension: item.url.pathExtension.lowercased())
        let fakeFile = MirrorLayout.fakeFile(record.pairID, twin)
        try AtomicFileWriter.write(realBytes, to: folder.appendingPathComponent(realFile))
        try AtomicFileWriter.write(fakeBytes, to: folder.appendingPathComponent(fakeFile))
        record.seconds["encoding"] = (ContinuousClock.now - encodingStart) / .seconds(1)
        record.twin = twin
        record.realFile = realFile
        record.realSHA256 = SHA256.hexDigest([UInt8](realBytes))
        record.fakeFile = fakeFile
        record.fakeSHA256 = SHA256.hexDigest([UInt8](fakeBytes))
        record.stage = .mirrored
        try await ledger.append(record)
        return Outcome()
    }

    /// The generator and seed for an image: drawn from (seed, the image's SHA-256), so a shard, a resume or a re-run
    /// asks for the same twin.
    func chooseModel(sha: String) -> (model: GeneratorModel, seed: UInt32) {
        func draw(_ purpose: String) -> UInt64 {
            let hex = SHA256.hexDigest([UInt8]("\(configuration.seed)|\(sha)|\(purpose)".utf8))
            return UInt64(hex.prefix(16), radix: 16) ?? 0
        }
        let total = configuration.models.map(\.weight).reduce(0, +)
        var point = Double(draw("model") >> 11) / Double(1 << 53) * total
        var chosen = configuration.models[configuration.models.count - 1]
        for model in configuration.models {
            if point < model.weight { chosen = model; break }
            point -= model.weight
        }
        return (chosen, UInt32(truncatingIfNeeded: draw("seed")) & 0x7FFF_FFFF)
    }

    /// What decides a twin beyond its caption: the model's entry, its engine and workflow, the seed.
    func generationIdentity(_ model: GeneratorModel, seed: UInt32) -> String {
        let engine = configuration.engines[model.engine]
        var parts = [model.name, engine?.identity ?? "", model.checkpoint ?? "", model.workflow ?? "", "\(model.steps ?? -1)",
                     "\(model.guidance ?? -1)", model.sampler ?? "", model.scheduler ?? "", model.negativePrompt,
                     "\(model.size)", "\(model.byImage)", "\(model.denoise ?? -1)", model.quality ?? "", "\(seed)"]
        if let digest = workflowDigests[model.name] { parts.append(digest) }
        return SHA256.hexDigest([UInt8](parts.joined(separator: "|").utf8))
    }

    /// `image` with its longer side at most `side` (area averaging), for the captioner.
    static func fitted(_ image: Image, side: Int) throws -> Image {
        let longer = max(image.width, image.height)
        return longer > side ? try image.resized(byFactor: Double(side) / Double(longer), method: .area) : image
    }

    /// Refuses a folder that holds something else: files not written by `camo mirror`, or another dataset's mirrors
    /// (unless `replace`). Records the dataset the folder now holds.
    func claim(_ folder: URL, for dataset: Dataset) throws(PreparationError) {
        let state = folder.appendingPathComponent(MirrorLayout.state)
        let identityFile = state.appendingPathComponent("dataset.json")
        let identity = Data("{\"dataset\":\"\(dataset.root.standardizedFileURL.path)\"}\n".utf8)
        let manager = FileManager.default
        if let existing = manager.contents(atPath: identityFile.path) {
            if existing != identity && !options.replace {
                throw .outputHoldsOtherData(path: folder.path, reason: "holds the mirrors of another dataset (\(String(decoding: existing, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))")
            }
            if existing != identity { try? manager.removeItem(at: state.appendingPathComponent("records.jsonl")) }
        } else if let contents = try? manager.contentsOfDirectory(atPath: folder.path), !contents.isEmpty, !options.replace {
            throw .outputHoldsOtherData(path: folder.path, reason: "is not empty and was not written by camo mirror")
        }
        try AtomicFileWriter.write(identity, to: identityFile)
    }
}
