import CAMOForensics
import CAMOGate
import CAMOVision
import Foundation

/// The named numbers trained models read about one image: what the gate saw, and pixel forensics of the whole
/// image and of its largest aligned face. Nothing here reads the file's bytes, format or metadata, so a model
/// trained on these cannot learn "PNG ⇒ fake" or "no EXIF ⇒ fake".
public enum ImageSignals {
    /// 1 when the face features describe a face, 0 when the image has none (and they are all 0).
    public static let facePresent = "face.present"

    /// Every signal of `context`, computed once per image and shared by the experts and the aggregator that ask.
    public static func all(for context: ImageContext) async throws -> [String: Float] {
        try await context.view("image-signals") {
            let decision = try await context.gateDecision()
            var signals = gateFeatures(decision, width: context.image.width, height: context.image.height)
            signals.merge(try forensicFeatures(of: context.image, decision: decision)) { first, _ in first }
            return signals
        }
    }

    /// What the gate saw, as numbers: content, faces (count, largest area share and score), objects and categories.
    public static func gateFeatures(_ decision: GateDecision, width: Int, height: Int) -> [String: Float] {
        let area = Double(max(1, width * height))
        let largest = decision.faces.max { $0.box.area < $1.box.area }
        var features: [String: Float] = [
            "gate.content_face": decision.content == .face ? 1 : 0,
            "gate.face_count": Float(decision.faces.count),
            "gate.largest_face_area": Float(min(1, (largest?.box.area ?? 0) / area)),
            "gate.largest_face_score": largest?.score ?? 0,
            "gate.object_count": Float(decision.objects.count),
        ]
        for group in GateRules.defaultCategoryGroups.keys {
            features["gate.category.\(group)"] = decision.categories.contains(group) ? 1 : 0
        }
        return features
    }

    /// Forensic features of the whole image (`image.*`) and of the largest aligned face (`face.*`, zeros and
    /// `face.present` = 0 without one).
    public static func forensicFeatures(of image: Image, decision: GateDecision) throws -> [String: Float] {
        let extractor = ForensicFeatureExtractor()
        var features: [String: Float] = [:]
        let whole = try extractor.imageFeatures(of: image)
        for (name, value) in zip(whole.names, whole.values) { features["image.\(name)"] = value }
        let largest = zip(decision.faces, decision.alignedFaces).max { $0.0.box.area < $1.0.box.area }?.1
        if let face = largest {
            let described = try extractor.faceFeatures(of: face.image, mask: face.mask.pixels)
            for (name, value) in zip(described.names, described.values) { features["face.\(name)"] = value }
            features[facePresent] = 1
        } else {
            for name in ForensicFeatureExtractor.faceFeatureNames { features["face.\(name)"] = 0 }
            features[facePresent] = 0
        }
        return features
    }
}
