import CAMOVision

/// What the gate found in one image, and the face crops the face experts need.
public struct GateDecision: Sendable {
    public var content: GateContent
    /// Category groups (`GateRules.categoryGroups`) whose objects were seen, sorted.
    public var categories: [String]
    /// Faces that passed the rules, largest first.
    public var faces: [GateFace]
    public var objects: [GateObject]
    /// Aligned crops of the first `alignedFaces.count` faces, in the same order.
    public var alignedFaces: [AlignedFace]
    /// Milliseconds per stage: `faces`, `objects`, `landmarks`, `alignment`.
    public var timings: [String: Double]
    /// Things a reader should know, e.g. that faces were aligned from detector keypoints.
    public var notes: [String]

    public init(
        content: GateContent, categories: [String] = [], faces: [GateFace] = [], objects: [GateObject] = [],
        alignedFaces: [AlignedFace] = [], timings: [String: Double] = [:], notes: [String] = []
    ) {
        self.content = content
        self.categories = categories
        self.faces = faces
        self.objects = objects
        self.alignedFaces = alignedFaces
        self.timings = timings
        self.notes = notes
    }
}

/// One face: the detector's box, score and five keypoints, the 68 landmarks when the landmark model ran,
/// and which points its aligned crop was made from.
public struct GateFace: Sendable, Codable, Equatable {
    public var box: Box
    public var score: Float
    public var keypoints: [Point]
    public var landmarks: [Point]?
    /// `dlib68` (landmarks), `detector5` (the detector's keypoints), or nil when no crop was made.
    public var alignedFrom: String?

    public init(box: Box, score: Float, keypoints: [Point], landmarks: [Point]? = nil, alignedFrom: String? = nil) {
        self.box = box
        self.score = score
        self.keypoints = keypoints
        self.landmarks = landmarks
        self.alignedFrom = alignedFrom
    }

    enum CodingKeys: String, CodingKey {
        case box, score, keypoints, landmarks
        case alignedFrom = "aligned_from"
    }
}

/// One object box with its class name.
public struct GateObject: Sendable, Codable, Equatable {
    public var box: Box
    public var className: String
    public var score: Float

    public init(box: Box, className: String, score: Float) {
        self.box = box
        self.className = className
        self.score = score
    }
}
