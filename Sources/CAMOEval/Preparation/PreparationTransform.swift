import CAMOVision
import Foundation

/// A named perturbation that `camo dataset prepare` turns into one subset: `none`, a `SingleTransform`,
/// a robustness level `L0`–`L3`, or the re-compression `chain`.
public enum PreparationTransform: Sendable, Hashable, CustomStringConvertible {
    case single(SingleTransform)
    case level(AugmentationLevel)

    /// Every accepted name, in the order `--help` lists them.
    public static let names: [String] = ["none"] + SingleTransform.allCases.map(\.rawValue)
        + AugmentationLevel.allCases.filter { $0 != .none }.map(\.rawValue)

    /// Parses a name in any case; `flip` and `color` are accepted as `flips` and `colour`.
    public init(parsing text: String) throws(PreparationError) {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        let aliases = ["flip": "flips", "color": "colour", "rotate": "rotation"]
        if let single = SingleTransform(rawValue: aliases[name] ?? name) {
            self = .single(single)
        } else if let level = try? AugmentationLevel(parsing: name) {
            self = .level(level)
        } else {
            throw .unknownTransform(text, known: Self.names)
        }
    }

    /// Parses a comma-separated list; repeated names are an error, as they would write the same subset twice.
    public static func list(parsing text: String) throws(PreparationError) -> [PreparationTransform] {
        var result: [PreparationTransform] = []
        for part in text.split(separator: ",") {
            let transform = try PreparationTransform(parsing: String(part))
            guard !result.contains(transform) else { throw .repeatedTransform(transform.description) }
            result.append(transform)
        }
        guard !result.isEmpty else { throw .unknownTransform(text, known: names) }
        return result
    }

    /// The subset's folder name.
    public var description: String {
        switch self {
        case let .single(transform): transform.rawValue
        case let .level(level): level.rawValue
        }
    }

    /// Perturbs `image` with the stream of (seed, key); the result keeps the input's size except where a level
    /// resizes (L0–L3 give `image.width` squares, chain halves the size).
    public func apply(to image: Image, seed: UInt64, key: String) throws -> (image: Image, steps: [String]) {
        switch self {
        case let .single(transform):
            var random = SeededGenerator(seed: seed, key: "\(transform.rawValue):\(key)")
            return try transform.apply(to: image, random: &random)
        case .level(.none):
            return (image, [])
        case let .level(level):
            let augmenter = Augmenter(level: level, seed: seed, options: .init(outputSide: image.width))
            let output = try augmenter.apply(to: image, key: key)
            return (output.image, output.steps)
        }
    }
}
