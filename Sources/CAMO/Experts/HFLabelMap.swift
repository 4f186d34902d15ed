import Foundation

/// Which of a classifier's labels mean "generated" and which mean "real": named by the user, or
/// recognised among the names detectors commonly use. A head with more than two labels, one of them
/// real, is read as naming generators: p_fake is 1 − P(real), and the likeliest generator is its
/// attribution.
public struct HFLabelMap: Sendable, Equatable {
    public var labels: [String]
    public var fake: Set<Int>
    public var real: Set<Int>

    /// Names recognised when the user names none, compared without case, spaces, `-` or `_`.
    public static let fakeNames: Set<String> = ["fake", "artificial", "ai", "aigenerated", "deepfake", "generated", "synthetic", "aiimage"]
    public static let realNames: Set<String> = ["real", "human", "authentic", "natural", "genuine", "pristine", "realimage"]

    public struct Ambiguous: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    public init(labels: [String], fakeLabels: [String]? = nil, realLabels: [String]? = nil) throws {
        guard !labels.isEmpty else { throw Ambiguous(message: "the model names no labels (config.json id2label)") }
        self.labels = labels
        func indices(_ names: [String]) throws -> Set<Int> {
            try Set(names.map { name in
                guard let index = labels.firstIndex(of: name) else {
                    throw Ambiguous(message: "'\(name)' is not one of the model's labels: \(labels.joined(separator: ", "))")
                }
                return index
            })
        }
        let key = { (label: String) in label.lowercased().filter { $0.isLetter || $0.isNumber } }
        var fake = try fakeLabels.map(indices) ?? Set(labels.indices.filter { Self.fakeNames.contains(key(labels[$0])) })
        var real = try realLabels.map(indices) ?? Set(labels.indices.filter { Self.realNames.contains(key(labels[$0])) })
        if fake.isEmpty, !real.isEmpty { fake = Set(labels.indices).subtracting(real) }
        if real.isEmpty, !fake.isEmpty, fakeLabels != nil || labels.count == 2 { real = Set(labels.indices).subtracting(fake) }
        guard !fake.isEmpty else {
            throw Ambiguous(message: "cannot tell which of the labels \(labels.joined(separator: ", ")) mean generated: name them with fake_labels")
        }
        guard fake.isDisjoint(with: real) else { throw Ambiguous(message: "a label is both fake and real") }
        self.fake = fake
        self.real = real
    }

    /// Softmax of one row of logits (a sigmoid for a single logit, read as P(label 0)).
    public static func probabilities(_ logits: [Float]) -> [Double] {
        logits.count == 1 ? [ClassScores.sigmoid(logits[0])] : ClassScores.softmax(logits)
    }

    /// P(fake): 1 − P(real labels) when real labels are known, else P(fake labels).
    public func pFake(_ probabilities: [Double]) -> Double {
        let p = real.isEmpty ? fake.reduce(0) { $0 + probabilities[$1] } : 1 - real.reduce(0) { $0 + probabilities[$1] }
        return min(max(p, 0), 1)
    }

    /// The likeliest fake label when there are several (a generator's name), with its probability.
    public func attribution(_ probabilities: [Double]) -> (label: String, probability: Double)? {
        guard fake.count > 1, let best = fake.max(by: { probabilities[$0] < probabilities[$1] }) else { return nil }
        return (labels[best], probabilities[best])
    }
}
