import CAMOVision
/// A model's outputs did not have the layout its decoder expects (wrong model file, or a model exported differently).
public struct DetectorOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var decoder: String
    public var message: String

    public init(decoder: String, message: String) {
        self.decoder = decoder
        self.message = message
    }

    public var description: String { "\(decoder) output: \(message)" }

    static func require(_ values: [String: [Float]], _ name: String, count: Int, decoder: String) throws(DetectorOutputError) -> [Float] {
        guard let array = values[name] else {
            throw DetectorOutputError(decoder: decoder, message: "missing output '\(name)'")
        }
        guard array.count == count else {
            throw DetectorOutputError(decoder: decoder, message: "output '\(name)' has \(array.count) values, expected \(count)")
        }
        return array
    }
}
