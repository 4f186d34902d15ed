import CAMOVision

/// What the gate found in one image, and the face crops the face experts need.
public struct GateDecision: Sendable {
    public var content: GateContent
    /// Category groups (`GateRules.categoryGroups`) whose objects were seen, sorted.
    public var categories: [String]
    /// Faces that passed the rules, largest first.
    public var faces: [GateFace]
    public var objects: [GateObject]
    /// Aligned crops of `faces`, in the same order (only the largest unless the options ask for more).
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

/// One face: the detector's box, score and five keypoints, and the 68 landmarks when the landmark model ran.
public struct GateFace: Sendable, Codable, Equatable {
    public var box: Box
    public var score: Float
    public var keypoints: [Point]
    public var landmarks: [Point]?

    public init(box: Box, score: Float, keypoints: [Point], landmarks: [Point]? = nil) {
        self.box = box
        self.score = score
        self.keypoints = keypoints
        self.landmarks = landmarks
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

/// A face warped to the face experts' template, with the transform that took it there.
public struct AlignedFace: Sendable {
    /// Index into `GateDecision.faces`.
    public var faceIndex: Int
    public var image: Image
    /// Row-major 2×3 matrix mapping source pixels to crop pixels.
    public var transform: [Double]
    /// Which points the alignment used: `landmarks68` or `detectorKeypoints`.
    public var source: String

    public init(faceIndex: Int, image: Image, transform: [Double], source: String) {
        self.faceIndex = faceIndex
        self.image = image
        self.transform = transform
        self.source = source
    }
}
