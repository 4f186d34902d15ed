import CAMO
import CAMORuntime
import CAMOVision
import Foundation

/// Computes the training rows of a data set: each image in each variant through the pipeline's gate, its scoring
/// experts (run whatever the routing), its embedding experts and the forensic signals. Rows are cached by image
/// hash, pipeline and variant, so a second `camo train` on the same data takes seconds.
public struct TrainingTableBuilder: Sendable {
    public struct Options: Sendable {
        /// Default: two shortcut-controlled training copies, and the evaluation levels as shipped, re-encoded alike,
        /// L2, L3 and the re-sharing chain.
        public var variants: [TrainingVariant]
        public var shortcutControl: ShortcutControl
        /// Seed of the random robustness levels (L1–L3).
        public var augmentationSeed: UInt64
        /// Images in flight at once; default 2.
        public var concurrency: Int

        public init(variants: [TrainingVariant] = TrainingTableBuilder.defaultVariants, shortcutControl: ShortcutControl = ShortcutControl(),
                    augmentationSeed: UInt64 = 0, concurrency: Int = 2) {
            self.variants = variants
            self.shortcutControl = shortcutControl
            self.augmentationSeed = augmentationSeed
            self.concurrency = concurrency
        }
    }

    public static let defaultVariants: [TrainingVariant] = [
        .training(copy: 0), .training(copy: 1),
        .evaluation(.none), .evaluation(.reencode), .evaluation(.l2), .evaluation(.l3), .evaluation(.chain),
    ]

    /// Bump when a signal's definition changes, so cached rows are computed again.
    public static let signalsVersion = "1"

    public var pipeline: Pipeline
    /// Identifies the pipeline's configuration in cache keys (e.g. the sha256 of its YAML).
    public var pipelineKey: String
    public var options: Options
    public var cache: JSONLinesCache<TrainingRow>

    public init(pipeline: Pipeline, pipelineKey: String, options: Options = Options(), cache: JSONLinesCache<TrainingRow>) {
        self.pipeline = pipeline
        self.pipelineKey = pipelineKey
        self.options = options
        self.cache = cache
    }

    /// Called after each image: (images done, images total, images that failed).
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ failed: Int) -> Void

    /// Every item in every variant, sorted by item and variant; items that cannot be read or decoded are listed
    /// in `failures` with the reason.
    public func rows(for items: [DatasetItem], progress: Progress? = nil) async -> (rows: [TrainingRow], failures: [String: String]) {
        var rows: [TrainingRow] = []
        var failures: [String: String] = [:]
        var done = 0
        await withTaskGroup(of: (DatasetItem, Result<[TrainingRow], TrainingError>).self) { group in
            var next = 0
            func launch() {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                group.addTask { (item, await self.rows(for: item)) }
            }
            for _ in 0..<max(1, options.concurrency) { launch() }
            for await (item, result) in group {
                switch result {
                case let .success(itemRows): rows += itemRows
                case let .failure(error): failures[item.id] = error.description
                }
                done += 1
                progress?(done, items.count, failures.count)
                launch()
            }
        }
        rows.sort { ($0.id, $0.variant.description) < ($1.id, $1.variant.description) }
        return (rows, failures)
    }

    func rows(for item: DatasetItem) async -> Result<[TrainingRow], TrainingError> {
        let original: Data
        do {
            original = try Data(contentsOf: item.url)
        } catch {
            return .failure(.unreadableImage(id: item.id, reason: "\(error)"))
        }
        let sha256 = SHA256.hexDigest([UInt8](original))
        var decoded: Image?
        var rows: [TrainingRow] = []
        for variant in options.variants {
            let key = [sha256, pipelineKey, variant.description, Self.signalsVersion,
                       "\(options.augmentationSeed)", "\(options.shortcutControl.seed)"].joined(separator: "|")
            if var hit = await cache.value(for: key) {
                hit.id = item.id
                hit.source = item.attributes["source"] ?? item.id
                hit.attributes = item.attributes
                rows.append(hit)
                continue
            }
            do {
                let image: Image
                if let decoded {
                    image = decoded
                } else {
                    image = try ImageDecoder.decode(original, options: pipeline.decoding).image
                    decoded = image
                }
                let (bytes, pixels) = try self.variant(variant, of: image, bytes: original, key: sha256)
                let row = try await self.row(item, sha256: sha256, variant: variant, bytes: bytes, image: pixels)
                await cache.store(row, for: key)
                rows.append(row)
            } catch let error as TrainingError {
                return .failure(error)
            } catch {
                return .failure(.unreadableImage(id: item.id, reason: "\(error)"))
            }
        }
        return .success(rows)
    }

    private func variant(_ variant: TrainingVariant, of image: Image, bytes: Data, key: String) throws -> (Data, Image) {
        switch variant {
        case .evaluation(.none):
            return (bytes, image)
        case let .evaluation(level):
            let output = try Augmenter(level: level, seed: options.augmentationSeed).apply(to: image, key: key)
            return (output.bytes, output.image)
        case let .training(copy):
            let output = try options.shortcutControl.trainingCopy(of: image, key: key, copy: copy)
            return (output.bytes, output.image)
        }
    }

    private func row(_ item: DatasetItem, sha256: String, variant: TrainingVariant, bytes: Data, image: Image) async throws -> TrainingRow {
        let context = ImageContext(id: item.id, bytes: bytes, image: image, gate: pipeline.gate)
        var scalars = try await ImageSignals.all(for: context)
        var embeddings: [String: [Float]] = [:]
        for entry in pipeline.experts {
            guard let expert = entry.expert as? ONNXClassifierExpert else { continue }
            if expert.options.outputKind == .embedding {
                let outputs = try await expert.regionOutputs(for: context)
                embeddings[entry.name] = outputs.max { $0.box.area < $1.box.area }?.values ?? []
            } else {
                let opinion = try await expert.opinion(for: context)
                scalars[LearnedAggregator.featureName(ofExpert: entry.name)] =
                    opinion.pFake.map(Float.init) ?? LearnedAggregator.absentScore
            }
        }
        return TrainingRow(
            id: item.id, sha256: sha256, source: item.attributes["source"] ?? item.id, isFake: item.isFake, attributes: item.attributes,
            variant: variant, format: ImageFormat.detect(bytes)?.rawValue ?? "unknown", scalars: scalars, embeddings: embeddings)
    }
}
