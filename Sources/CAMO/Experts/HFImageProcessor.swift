import CAMOVision
import Foundation

/// The preprocessing a Hugging Face image processor (`preprocessor_config.json`) or a timm model
/// (`pretrained_cfg`) applies before its model, reproduced step by step as they apply it: a Pillow
/// resize of the 8-bit image (to a size, or its shortest edge to a length), a centre crop (padding
/// with black where the image is smaller), then rescaling and normalising in float.
public struct HFImageProcessor: Sendable, Equatable {
    public enum Resize: Sendable, Equatable {
        case none
        /// To exactly this size (HF `size: {height, width}`, timm's `squash`).
        case exact(Size)
        /// The shortest edge to `length`, the other in proportion, truncated as both libraries truncate it.
        case shortestEdge(Int)
    }

    /// How the crop's offset is rounded when the margin is odd: transformers floors it, torchvision
    /// (and so timm) rounds half to even.
    public enum CropRounding: Sendable, Equatable { case floor, roundHalfEven }

    /// Where the settings came from, e.g. `ViTImageProcessor` or `timm`.
    public var kind: String
    public var resize: Resize
    public var resample: ResizeMethod
    public var centreCrop: Size?
    public var cropRounding: CropRounding
    public var rescaleFactor: Float?
    /// EfficientNet's `rescale_offset`: 1 is subtracted after rescaling (0…255 → −1…1 at 1/127.5).
    public var rescaleOffset = false
    public var mean: [Float]
    public var std: [Float]
    /// EfficientNet's `include_top`: after normalising, each value is divided by the std once more.
    public var dividesByStdAgain = false

    /// The tensor's width and height.
    public var outputSize: Size? {
        if let centreCrop { return centreCrop }
        if case let .exact(size) = resize { return size }
        return nil
    }

    /// The NCHW planes (R, G, B) of one image, ready for the model.
    public func pixelValues(of image: Image) throws -> [Float] {
        var image = image
        switch resize {
        case .none: break
        case let .exact(size): image = try image.resized(to: size, method: resample)
        case let .shortestEdge(length):
            let (short, long) = image.width <= image.height ? (image.width, image.height) : (image.height, image.width)
            let newLong = Int(Double(length) * Double(long) / Double(short))
            let size = image.width <= image.height ? Size(width: length, height: newLong) : Size(width: newLong, height: length)
            image = try image.resized(to: size, method: resample)
        }
        if let crop = centreCrop { image = try Self.centreCropped(image, to: crop, rounding: cropRounding) }
        // Every value is a function of one byte and its channel: a table per channel, each entry computed
        // in the processors' own order and precision (the rescale in double, the rest in float).
        let tables = (0..<3).map { channel in (0...255).map { value(byte: $0, channel: channel) } }
        let plane = image.width * image.height
        var values = [Float](repeating: 0, count: 3 * plane)
        image.pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                for i in 0..<plane {
                    out[i] = tables[0][Int(pixels[3 * i])]
                    out[plane + i] = tables[1][Int(pixels[3 * i + 1])]
                    out[2 * plane + i] = tables[2][Int(pixels[3 * i + 2])]
                }
            }
        }
        return values
    }

    private func value(byte: Int, channel: Int) -> Float {
        var a = rescaleFactor.map { Float(Double(byte) * Double($0)) } ?? Float(byte)
        if rescaleOffset { a -= 1 }
        a = (a - mean[channel]) / std[channel]
        if dividesByStdAgain { a /= std[channel] }
        return a
    }

    static func centreCropped(_ image: Image, to crop: Size, rounding: CropRounding) throws -> Image {
        func offset(_ margin: Int) -> Int {
            switch rounding {
            case .floor: return Int((Double(margin) / 2).rounded(.down))
            case .roundHalfEven: return Int((Double(margin) / 2).rounded(.toNearestOrEven))
            }
        }
        var image = image
        // Smaller than the crop: padded with black around it first, as both libraries do.
        if image.width < crop.width || image.height < crop.height {
            let padWidth = max(0, crop.width - image.width), padHeight = max(0, crop.height - image.height)
            let top = Int((Double(padHeight) / 2).rounded(.up)), left = Int((Double(padWidth) / 2).rounded(.up))
            image = try image.padded(top: top, left: left, bottom: padHeight - top, right: padWidth - left)
        }
        let top = offset(image.height - crop.height), left = offset(image.width - crop.width)
        return try image.cropped(to: Rect(x: left, y: top, width: crop.width, height: crop.height))
    }
}

extension HFImageProcessor {
    /// Why a configuration cannot be reproduced: the file and key, and what was wrong.
    public struct Unsupported: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var key: String
        public var message: String
        public var description: String { "\(file): \(key): \(message)" }
    }

    /// Processors whose `preprocess` is the generic resize → centre crop → rescale → normalise
    /// (ConvNeXt's `crop_pct` and EfficientNet's `rescale_offset` and `include_top` aside); others
    /// (LeViT's resize rule, …) are refused rather than approximated.
    public static let supportedProcessors: Set<String> = [
        "ViTImageProcessor", "ViTFeatureExtractor", "DeiTImageProcessor", "BeitImageProcessor", "CLIPImageProcessor",
        "ConvNextImageProcessor", "ConvNextFeatureExtractor", "BitImageProcessor", "SiglipImageProcessor",
        "Dinov2ImageProcessor", "DINOv2ImageProcessor", "EfficientNetImageProcessor",
    ]

    /// PIL's resampling filters by their enum value, as `resample` stores them.
    static let pillowFilters: [Int: ResizeMethod] = [0: .nearestExact, 1: .pillowLanczos, 2: .pillowBilinear, 3: .pillowBicubic]

    /// Reads `preprocessor_config.json`.
    public init(preprocessorConfig data: Data, file: String = "preprocessor_config.json") throws {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Unsupported(file: file, key: "", message: "not a JSON object")
        }
        let kind = json["image_processor_type"] as? String ?? json["feature_extractor_type"] as? String ?? ""
        guard Self.supportedProcessors.contains(kind) else {
            throw Unsupported(file: file, key: "image_processor_type",
                              message: "'\(kind)' is not supported; supported: \(Self.supportedProcessors.sorted().joined(separator: ", "))")
        }
        func flag(_ key: String, _ fallback: Bool) -> Bool { json[key] as? Bool ?? fallback }
        func floats(_ key: String) throws -> [Float]? {
            guard let value = json[key] else { return nil }
            if let number = value as? Double { return [Float(number), Float(number), Float(number)] }
            guard let list = value as? [Double], list.count == 3 else { throw Unsupported(file: file, key: key, message: "expected three numbers") }
            return list.map(Float.init)
        }
        func size(_ key: String) throws -> (exact: Size?, shortest: Int?) {
            if let side = json[key] as? Int { return (Size(width: side, height: side), nil) }
            guard let map = json[key] as? [String: Any] else { throw Unsupported(file: file, key: key, message: "missing or not a size") }
            if let height = map["height"] as? Int, let width = map["width"] as? Int { return (Size(width: width, height: height), nil) }
            if map["longest_edge"] != nil { throw Unsupported(file: file, key: "\(key).longest_edge", message: "a longest-edge limit is not supported") }
            if let shortest = map["shortest_edge"] as? Int { return (nil, shortest) }
            throw Unsupported(file: file, key: key, message: "expected height and width, or shortest_edge")
        }

        self.kind = kind
        let resampleValue = json["resample"] as? Int ?? 2
        guard let filter = Self.pillowFilters[resampleValue] else {
            throw Unsupported(file: file, key: "resample", message: "PIL filter \(resampleValue) (box or hamming) is not supported")
        }
        resample = filter
        cropRounding = .floor
        centreCrop = nil
        resize = .none
        if flag("do_resize", true) {
            let (exact, shortest) = try size("size")
            if let exact {
                resize = .exact(exact)
            } else if let shortest, kind.hasPrefix("ConvNext") {
                // ConvNeXt below 384 px: the shortest edge to size / crop_pct, then a centre crop to size.
                if shortest < 384 {
                    let cropPct = json["crop_pct"] as? Double ?? 224.0 / 256.0
                    resize = .shortestEdge(Int(Double(shortest) / cropPct))
                    centreCrop = Size(width: shortest, height: shortest)
                } else {
                    resize = .exact(Size(width: shortest, height: shortest))
                }
            } else if let shortest {
                resize = .shortestEdge(shortest)
            }
        }
        if flag("do_center_crop", false), !kind.hasPrefix("ConvNext") {
            let (crop, _) = try size("crop_size")
            guard let crop else { throw Unsupported(file: file, key: "crop_size", message: "expected height and width") }
            centreCrop = crop
        }
        rescaleFactor = flag("do_rescale", true) ? Float(json["rescale_factor"] as? Double ?? 1.0 / 255.0) : nil
        if kind == "EfficientNetImageProcessor" {
            // transformers 5's offset: rescale, then subtract 1 (transformers 4 computed (x − 127.5) · factor,
            // the same only at 1/127.5).
            rescaleOffset = flag("do_rescale", true) && flag("rescale_offset", false)
            dividesByStdAgain = flag("include_top", true)
        }
        if flag("do_normalize", true) {
            mean = try floats("image_mean") ?? [0.5, 0.5, 0.5]
            std = try floats("image_std") ?? [0.5, 0.5, 0.5]
        } else {
            mean = [0, 0, 0]
            std = [1, 1, 1]
        }
        guard !std.contains(0) else { throw Unsupported(file: file, key: "image_std", message: "a zero standard deviation") }
        guard outputSize != nil else {
            throw Unsupported(file: file, key: "size", message: "a shortest-edge resize without a centre crop gives no fixed input size")
        }
    }

    /// Reads timm's `pretrained_cfg` (from a hub `config.json`): `input_size`, `interpolation`,
    /// `crop_pct`, `crop_mode`, `mean`, `std`, as timm's evaluation transform uses them.
    public init(timmConfig cfg: [String: Any], file: String = "config.json") throws {
        kind = "timm"
        guard let input = cfg["input_size"] as? [Int], input.count == 3, input[0] == 3 else {
            throw Unsupported(file: file, key: "pretrained_cfg.input_size", message: "expected [3, height, width]")
        }
        let target = Size(width: input[2], height: input[1])
        let interpolation = cfg["interpolation"] as? String ?? "bilinear"
        let filters: [String: ResizeMethod] = ["bilinear": .pillowBilinear, "bicubic": .pillowBicubic, "nearest": .nearestExact, "lanczos": .pillowLanczos]
        guard let filter = filters[interpolation] else {
            throw Unsupported(file: file, key: "pretrained_cfg.interpolation", message: "'\(interpolation)' is not supported")
        }
        resample = filter
        let cropPct = cfg["crop_pct"] as? Double ?? 0.875
        let mode = cfg["crop_mode"] as? String ?? "center"
        let scaled = Size(width: Int((Double(target.width) / cropPct).rounded(.down)), height: Int((Double(target.height) / cropPct).rounded(.down)))
        switch mode {
        case "center":
            resize = scaled.width == scaled.height ? .shortestEdge(scaled.width) : .exact(scaled)
        case "squash":
            resize = .exact(scaled)
        default:
            throw Unsupported(file: file, key: "pretrained_cfg.crop_mode", message: "'\(mode)' is not supported (center or squash)")
        }
        centreCrop = target
        cropRounding = .roundHalfEven
        rescaleFactor = 1.0 / 255.0
        func triple(_ key: String, _ fallback: [Float]) throws -> [Float] {
            guard let value = cfg[key] else { return fallback }
            guard let list = value as? [Double], list.count == 3 else { throw Unsupported(file: file, key: "pretrained_cfg.\(key)", message: "expected three numbers") }
            return list.map(Float.init)
        }
        mean = try triple("mean", [0.485, 0.456, 0.406])
        std = try triple("std", [0.229, 0.224, 0.225])
    }
}
