import CAMO
import CAMORuntime
import CAMOVision
import Foundation

/// Scores every image of a dataset with every system, at one augmentation level, reusing cached predictions.
public struct EvaluationRunner: Sendable {
    public struct Options: Sendable {
        /// Images judged at once; default 2.
        public var concurrency: Int
        /// Default `.none`.
        public var augmentation: AugmentationLevel
        /// Seed of the augmentations; default 0.
        public var seed: UInt64
        /// Only this part of the dataset; default all.
        public var shard: Shard?

        public init(concurrency: Int = 2, augmentation: AugmentationLevel = .none, seed: UInt64 = 0, shard: Shard? = nil) {
            self.concurrency = concurrency
            self.augmentation = augmentation
            self.seed = seed
            self.shard = shard
        }

        /// The cache key part for the augmentation: the seed matters only when the level is random.
        var augmentationKey: String {
            switch augmentation {
            case .none, .l0, .chain, .reencode: augmentation.rawValue
            case .l1, .l2, .l3: "\(augmentation.rawValue)@\(seed)"
            }
        }
    }

    /// Called after each image: (images done, images total, answered from the cache).
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ cached: Int) -> Void

    public var options: Options
    public var cache: PredictionCache

    public init(options: Options = Options(), cache: PredictionCache) {
        self.options = options
        self.cache = cache
    }

    /// Every system's prediction for every item of `items` (in the shard), in item order per system.
    public func run(_ items: [DatasetItem], systems: [EvaluatedSystem], progress: Progress? = nil) async -> [Prediction] {
        let selected = items.enumerated().filter { options.shard?.contains(position: $0.offset) ?? true }.map(\.element)
        let total = selected.count
        var results = [[Prediction]?](repeating: nil, count: total)
        var done = 0, cached = 0
        await withTaskGroup(of: (Int, [Prediction], Int).self) { group in
            var next = 0
            func launch() {
                guard next < total else { return }
                let index = next, item = selected[index]
                next += 1
                group.addTask {
                    let (predictions, hits) = await judge(item, systems: systems)
                    return (index, predictions, hits)
                }
            }
            for _ in 0..<max(1, options.concurrency) { launch() }
            for await (index, predictions, hits) in group {
                results[index] = predictions
                done += 1
                cached += hits
                progress?(done, total, cached)
                launch()
            }
        }
        let rows = results.compactMap { $0 }
        return systems.indices.flatMap { s in rows.map { $0[s] } }
    }

    /// One image through every system; returns the predictions and how many came from the cache.
    func judge(_ item: DatasetItem, systems: [EvaluatedSystem]) async -> ([Prediction], Int) {
        let augmentation = options.augmentationKey
        guard let original = try? Data(contentsOf: item.url) else {
            let failure = "cannot read \(item.id)"
            return (systems.map { Prediction(id: item.id, sha256: "", system: $0.name, augmentation: augmentation, failure: failure) }, 0)
        }
        let sha256 = SHA256.hexDigest([UInt8](original))
        var predictions: [Prediction] = []
        var hits = 0
        var augmented: Result<Data, EvaluationError>?
        var shared: (gate: AnyObject, context: ImageContext)?
        for system in systems {
            let key = PredictionCache.key(sha256: sha256, systemHash: system.hash, augmentation: augmentation)
            if var hit = await cache.value(for: key) {
                hit.id = item.id
                predictions.append(hit)
                hits += 1
                continue
            }
            let input = augmented ?? augment(original, sha256: sha256)
            augmented = input
            let prediction: Prediction
            switch input {
            case let .success(bytes):
                let result: DetectionResult
                if let pipeline = system.scorer as? Pipeline, let context = sharedContext(&shared, pipeline, bytes, item.id) {
                    result = await pipeline.detect(context)
                } else {
                    result = await system.scorer.detect(bytes: bytes, id: item.id)
                }
                prediction = Prediction(id: item.id, sha256: sha256, system: system.name, augmentation: augmentation, result: result)
            case let .failure(error):
                prediction = Prediction(id: item.id, sha256: sha256, system: system.name, augmentation: augmentation,
                                        failure: error.description)
            }
            // An image no system could score (it did not decode) is not cached: a later version may read it.
            if prediction.pFake != nil || prediction.errors.isEmpty { await cache.store(prediction, for: key) }
            predictions.append(prediction)
        }
        return (predictions, hits == systems.count ? 1 : 0)
    }

    /// Baselines share their pipeline's gate: one decoded image and one gate decision serve them all.
    /// Nil when the bytes do not decode (the pipeline then reports that itself).
    private func sharedContext(_ shared: inout (gate: AnyObject, context: ImageContext)?, _ pipeline: Pipeline, _ bytes: Data,
                               _ id: String) -> ImageContext? {
        let gate = pipeline.gate as AnyObject
        if let shared, shared.gate === gate { return shared.context }
        guard let image = try? ImageDecoder.decode(bytes, options: pipeline.decoding).image else { return nil }
        let context = ImageContext(id: id, bytes: bytes, image: image, gate: pipeline.gate)
        shared = (gate, context)
        return context
    }

    private func augment(_ bytes: Data, sha256: String) -> Result<Data, EvaluationError> {
        guard options.augmentation != .none else { return .success(bytes) }
        do {
            let image = try ImageDecoder.decode(bytes).image
            return .success(try Augmenter(level: options.augmentation, seed: options.seed).apply(to: image, key: sha256).bytes)
        } catch let error as EvaluationError {
            return .failure(error)
        } catch {
            return .failure(.augmentationFailed("cannot decode: \(error)"))
        }
    }
}
