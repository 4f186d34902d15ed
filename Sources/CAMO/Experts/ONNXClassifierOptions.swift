import CAMOVision

/// The `options:` of an `onnx-classifier` expert: everything between an image and a model's score, in YAML.
public struct ONNXClassifierOptions: Decodable, Sendable {
    /// Where the expert's input comes from.
    public enum CropSource: String, Decodable, Sendable {
        /// The gate's aligned face crops (face experts).
        case alignedFaces = "aligned-faces"
        case wholeImage = "whole-image"
        /// The gate's object boxes (optionally only `object_classes`).
        case objectBoxes = "object-boxes"
        /// Non-overlapping tiles at native resolution, each scored.
        case tiles
    }

    /// A fixed filter applied to the normalised input planes before the model.
    public enum PreFilter: String, Decodable, Sendable {
        case none
        /// `x − nearest-upsample(nearest-downsample(x))`: the neighbouring-pixel residual of NPR.
        case npr
        /// `x[i, j] − x[i + 1, j + 1]` with zero padding: a 3×3 right-diagonal gradient.
        case rightDiagonal = "right-diagonal"
    }

    /// How the model's output becomes a probability.
    public enum OutputKind: Decodable, Sendable, Equatable {
        case probability
        /// A raw score: sigmoid.
        case logit
        /// Class scores: softmax, then class `k`.
        case softmax(Int)
        /// A feature vector (a frozen backbone's embedding): the trained `head` turns it into P(fake).
        case embedding

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            if text == "probability" {
                self = .probability
            } else if text == "logit" {
                self = .logit
            } else if text == "embedding" {
                self = .embedding
            } else if text.hasPrefix("softmax:"), let k = Int(text.dropFirst("softmax:".count)), k >= 0 {
                self = .softmax(k)
            } else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath, debugDescription: "expected probability, logit, embedding or softmax:<class>, found '\(text)'"))
            }
        }
    }

    public enum Polarity: String, Decodable, Sendable {
        /// The output is P(fake).
        case fake
        /// The output is P(real) (MesoNet): p_fake = 1 − p.
        case real
    }

    public enum RegionPolicy: String, Decodable, Sendable {
        /// The image is as fake as its most suspicious region.
        case max
        case mean
    }

    /// A registry name (`models/registry.yaml`) or a path to an `.onnx` file.
    public var model: String
    /// Graph input and output names; default: the first of each.
    public var input: String?
    public var output: String?
    /// `[width, height]` the crops are resized to.
    public var inputSize: [Int]
    public var resize: ResizeMethod
    public var channelOrder: ChannelOrder
    public var scale: Float
    public var mean: [Float]
    public var std: [Float]
    public var preFilter: PreFilter
    public var crop: CropSource
    public var objectClasses: [String]?
    /// Side of the square tiles for `crop: tiles` (default: the input width) and how many at most.
    public var tileSize: Int?
    public var maximumTiles: Int
    public var outputKind: OutputKind
    public var polarity: Polarity
    public var regions: RegionPolicy
    /// For `output_kind: embedding`: the trained head (a `camo train probe` JSON file), relative to the pipeline file.
    public var head: String?

    enum CodingKeys: String, CodingKey {
        case model, input, output, resize, scale, mean, std, crop, polarity, regions, head
        case inputSize = "input_size"
        case channelOrder = "channel_order"
        case preFilter = "pre_filter"
        case objectClasses = "object_classes"
        case tileSize = "tile_size"
        case maximumTiles = "maximum_tiles"
        case outputKind = "output_kind"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        input = try c.decodeIfPresent(String.self, forKey: .input)
        output = try c.decodeIfPresent(String.self, forKey: .output)
        inputSize = try c.decode([Int].self, forKey: .inputSize)
        let resizeName = try c.decodeIfPresent(String.self, forKey: .resize) ?? "bilinear"
        guard let method = Self.resizeMethods[resizeName] else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.resize],
                debugDescription: "unknown resize '\(resizeName)'; expected \(Self.resizeMethods.keys.sorted().joined(separator: ", "))"))
        }
        resize = method
        let order = try c.decodeIfPresent(String.self, forKey: .channelOrder) ?? "rgb"
        guard let channels = ChannelOrder(rawValue: order) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.channelOrder], debugDescription: "expected rgb or bgr, found '\(order)'"))
        }
        channelOrder = channels
        scale = try c.decodeIfPresent(Float.self, forKey: .scale) ?? 1.0 / 255.0
        mean = try c.decodeIfPresent([Float].self, forKey: .mean) ?? [0, 0, 0]
        std = try c.decodeIfPresent([Float].self, forKey: .std) ?? [1, 1, 1]
        preFilter = try c.decodeIfPresent(PreFilter.self, forKey: .preFilter) ?? PreFilter.none
        crop = try c.decodeIfPresent(CropSource.self, forKey: .crop) ?? .wholeImage
        objectClasses = try c.decodeIfPresent([String].self, forKey: .objectClasses)
        tileSize = try c.decodeIfPresent(Int.self, forKey: .tileSize)
        maximumTiles = try c.decodeIfPresent(Int.self, forKey: .maximumTiles) ?? 16
        outputKind = try c.decodeIfPresent(OutputKind.self, forKey: .outputKind) ?? .probability
        polarity = try c.decodeIfPresent(Polarity.self, forKey: .polarity) ?? .fake
        regions = try c.decodeIfPresent(RegionPolicy.self, forKey: .regions) ?? .max
        head = try c.decodeIfPresent(String.self, forKey: .head)
        guard head == nil || outputKind == .embedding else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.head], debugDescription: "only output_kind: embedding takes a head"))
        }
        guard inputSize.count == 2, inputSize.allSatisfy({ (1...4096).contains($0) }) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.inputSize], debugDescription: "expected [width, height], each 1…4096"))
        }
        guard mean.count == 3, std.count == 3, !std.contains(0) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.std], debugDescription: "mean and std need three values each, std without zeros"))
        }
        guard (1...256).contains(maximumTiles), (tileSize ?? 1) >= 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.maximumTiles], debugDescription: "maximum_tiles must be 1…256, tile_size ≥ 1"))
        }
    }

    /// YAML names of the resize methods.
    static let resizeMethods: [String: ResizeMethod] = [
        "nearest": .nearest, "nearest-exact": .nearestExact, "bilinear": .bilinear, "area": .area, "lanczos": .lanczos,
        "pillow-bilinear": .pillowBilinear, "pillow-bicubic": .pillowBicubic, "pillow-lanczos": .pillowLanczos,
    ]

    public var size: Size { Size(width: inputSize[0], height: inputSize[1]) }
}
