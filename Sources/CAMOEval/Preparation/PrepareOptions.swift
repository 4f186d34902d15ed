import CAMOVision
import Foundation

/// What `DatasetPreparer` makes of a dataset. Every default is the one documented in `docs/datasets.md`.
public struct PrepareOptions: Sendable {
    /// Which crops become training images.
    public enum Mode: Sendable, Hashable {
        /// Aligned face crops, made by the gate exactly as for the face experts.
        case faces(FaceFilter)
        /// Fixed-size crops of the whole image, without a face filter.
        case general(GeneralCrop)
    }

    /// Which faces count as usable.
    public struct FaceFilter: Sendable, Hashable {
        /// The face box's shorter side must be at least this many pixels. Default 64.
        public var minimumSide: Double
        /// The face box must cover at least this share of the image's area (0–1). Default 0.
        public var minimumShare: Double
        /// The detector's score must be at least this. Default 0 (the gate's own threshold applies first).
        public var minimumScore: Float
        /// Only the largest face (as the original did), or every face the gate aligned. Default true.
        public var largestOnly: Bool

        public init(minimumSide: Double = 64, minimumShare: Double = 0, minimumScore: Float = 0, largestOnly: Bool = true) {
            self.minimumSide = minimumSide
            self.minimumShare = minimumShare
            self.minimumScore = minimumScore
            self.largestOnly = largestOnly
        }
    }

    /// How whole images are cut.
    public struct GeneralCrop: Sendable, Hashable {
        public enum Placement: String, Sendable, Hashable, CaseIterable {
            /// One `size`×`size` window at the centre.
            case centre
            /// Non-overlapping `size`×`size` windows in reading order, up to `maximumTiles`.
            case tiles
        }

        public var placement: Placement
        /// The crop's side in pixels; crops are cut, never resampled, so the generator's traces survive. Default 256.
        public var size: Int
        /// At most this many tiles per image. Default 16.
        public var maximumTiles: Int

        public init(placement: Placement = .centre, size: Int = 256, maximumTiles: Int = 16) {
            self.placement = placement
            self.size = size
            self.maximumTiles = maximumTiles
        }
    }

    /// How every output image is encoded, whatever its source's format, so the format is no shortcut.
    public enum Encoding: Sendable, Hashable, CustomStringConvertible {
        case png
        case jpeg(quality: Int)

        public var fileExtension: String {
            switch self {
            case .png: "png"
            case .jpeg: "jpg"
            }
        }

        public var description: String {
            switch self {
            case .png: "png"
            case let .jpeg(quality): "jpeg q\(quality)"
            }
        }

        func encode(_ image: Image) throws -> Data {
            switch self {
            case .png: try ImageEncoder.png(image)
            case let .jpeg(quality): try ImageEncoder.jpeg(image, options: JPEGEncodingOptions(quality: quality))
            }
        }
    }

    public var mode: Mode
    /// One subset per transform. Default `[none]`.
    public var transforms: [PreparationTransform]
    /// Default: everything in `train`.
    public var splits: SplitPlan
    /// Seeds the transforms and the split draw. Default 0.
    public var seed: UInt64
    /// Default PNG.
    public var encoding: Encoding
    /// Work on part i of n only.
    public var shard: Shard?
    /// Images in flight at once. Default: the number of cores.
    public var concurrency: Int
    /// Write into a folder that holds something else (another dataset, other options). Default false.
    public var resume: Bool
    /// Identifies the gate's configuration and models (a hash of the pipeline YAML and the model registry), so
    /// outputs made by another gate are not taken as finished.
    public var gateIdentity: String

    public init(
        mode: Mode, transforms: [PreparationTransform] = [.level(.none)], splits: SplitPlan = .trainOnly, seed: UInt64 = 0,
        encoding: Encoding = .png, shard: Shard? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        resume: Bool = false, gateIdentity: String = ""
    ) {
        self.mode = mode
        self.transforms = transforms
        self.splits = splits
        self.seed = seed
        self.encoding = encoding
        self.shard = shard
        self.concurrency = concurrency
        self.resume = resume
        self.gateIdentity = gateIdentity
    }

    /// Checks the numbers a command line can get wrong.
    public func validate() throws(PreparationError) {
        guard concurrency >= 1 else { throw .invalidOption("concurrency must be at least 1, got \(concurrency)") }
        guard !transforms.isEmpty else { throw .invalidOption("at least one transform is needed") }
        if case let .jpeg(quality) = encoding, !(1...100).contains(quality) {
            throw .invalidOption("JPEG quality must be 1–100, got \(quality)")
        }
        switch mode {
        case let .faces(filter):
            guard filter.minimumSide >= 0, filter.minimumSide.isFinite else { throw .invalidOption("minimum face size must be ≥ 0") }
            guard (0...1).contains(filter.minimumShare) else { throw .invalidOption("minimum face share must be 0–1, got \(filter.minimumShare)") }
            guard filter.minimumScore.isFinite else { throw .invalidOption("minimum score must be a number") }
        case let .general(crop):
            guard (8...8192).contains(crop.size) else { throw .invalidOption("crop size must be 8–8192 pixels, got \(crop.size)") }
            guard crop.maximumTiles >= 1 else { throw .invalidOption("maximum tiles must be at least 1, got \(crop.maximumTiles)") }
        }
    }

    /// Everything that changes an output's bytes except the transform: part of every output's resume record.
    var outputIdentity: String {
        let mode: String
        switch self.mode {
        case let .faces(f):
            mode = "faces side≥\(f.minimumSide) share≥\(f.minimumShare) score≥\(f.minimumScore) largest=\(f.largestOnly) gate=\(gateIdentity)"
        case let .general(c):
            mode = "general \(c.placement.rawValue) \(c.size) tiles≤\(c.maximumTiles)"
        }
        return "\(mode); splits \(splits); seed \(seed); encoding \(encoding)"
    }
}
