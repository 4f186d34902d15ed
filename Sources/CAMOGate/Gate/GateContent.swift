/// What the gate decided an image shows, which picks the experts that judge it.
public enum GateContent: String, Sendable, Codable, CaseIterable {
    /// At least one face passed the face rules: face experts judge the aligned faces.
    case face
    /// No usable face: general experts judge the whole image.
    case general
}
