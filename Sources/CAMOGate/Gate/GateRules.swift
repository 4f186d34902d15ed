/// How detections become a `GateContent` and categories. The defaults reproduce the original system:
/// any detected face makes the content `face`; otherwise it is `general`.
public struct GateRules: Sendable, Codable, Equatable {
    /// Faces scoring below this are ignored by the rules (the detector's own threshold applies first).
    public var minimumFaceScore: Float = 0
    /// Faces whose box is smaller than this share of the image area are ignored (0 keeps every face).
    public var minimumFaceAreaRatio: Double = 0
    /// The original's optional extra condition: a face counts only when a `person` object is also seen.
    public var requirePerson: Bool = false
    /// Confidence a `person` needs to satisfy `requirePerson` (the original used 0.5).
    public var minimumPersonScore: Float = 0.5
    /// Named groups of object classes, so experts can be routed by what is in the picture.
    public var categoryGroups: [String: [String]] = GateRules.defaultCategoryGroups
    /// Objects whose box is smaller than this share of the image area do not make their category.
    public var minimumObjectAreaRatio: Double = 0.01
    /// Objects scoring below this do not make their category.
    public var minimumObjectScore: Float = 0.3

    public init() {}

    enum CodingKeys: String, CodingKey {
        case minimumFaceScore = "minimum_face_score"
        case minimumFaceAreaRatio = "minimum_face_area_ratio"
        case requirePerson = "require_person"
        case minimumPersonScore = "minimum_person_score"
        case categoryGroups = "category_groups"
        case minimumObjectAreaRatio = "minimum_object_area_ratio"
        case minimumObjectScore = "minimum_object_score"
    }

    /// Every key is optional in configuration files; missing ones keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GateRules()
        minimumFaceScore = try c.decodeIfPresent(Float.self, forKey: .minimumFaceScore) ?? d.minimumFaceScore
        minimumFaceAreaRatio = try c.decodeIfPresent(Double.self, forKey: .minimumFaceAreaRatio) ?? d.minimumFaceAreaRatio
        requirePerson = try c.decodeIfPresent(Bool.self, forKey: .requirePerson) ?? d.requirePerson
        minimumPersonScore = try c.decodeIfPresent(Float.self, forKey: .minimumPersonScore) ?? d.minimumPersonScore
        categoryGroups = try c.decodeIfPresent([String: [String]].self, forKey: .categoryGroups) ?? d.categoryGroups
        minimumObjectAreaRatio = try c.decodeIfPresent(Double.self, forKey: .minimumObjectAreaRatio) ?? d.minimumObjectAreaRatio
        minimumObjectScore = try c.decodeIfPresent(Float.self, forKey: .minimumObjectScore) ?? d.minimumObjectScore
    }

    public static let defaultCategoryGroups: [String: [String]] = [
        "person": ["person"],
        "animal": ["bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"],
        "vehicle": ["bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"],
        "food": ["banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake"],
    ]

    /// Faces that count under these rules, in the order given.
    public func usableFaces(_ faces: [Detection], imageWidth: Int, imageHeight: Int) -> [Detection] {
        let imageArea = Double(imageWidth * imageHeight)
        return faces.filter { $0.score >= minimumFaceScore && $0.box.area >= minimumFaceAreaRatio * imageArea }
    }

    /// The content and the sorted category names for one image's detections.
    /// `objects` carry COCO class indices; `classNames` maps them to the names used in `categoryGroups`.
    public func decide(
        faces: [Detection], objects: [Detection], imageWidth: Int, imageHeight: Int,
        classNames: [String] = COCOClasses.names
    ) -> (content: GateContent, categories: [String]) {
        let imageArea = Double(imageWidth * imageHeight)
        func name(_ object: Detection) -> String {
            classNames.indices.contains(object.classIndex) ? classNames[object.classIndex] : "class \(object.classIndex)"
        }
        let personSeen = objects.contains { name($0) == "person" && $0.score > minimumPersonScore }
        let hasFace = !usableFaces(faces, imageWidth: imageWidth, imageHeight: imageHeight).isEmpty
            && (!requirePerson || personSeen)
        let present = Set(
            objects
                .filter { $0.score >= minimumObjectScore && $0.box.area >= minimumObjectAreaRatio * imageArea }
                .map(name))
        let categories = categoryGroups
            .filter { !present.isDisjoint(with: $0.value) }
            .map(\.key)
            .sorted()
        return (hasFace ? .face : .general, categories)
    }
}
