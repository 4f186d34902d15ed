import CAMOVision
import Foundation

/// The content gate: face and object detectors run concurrently; the largest faces get 68 landmarks
/// and aligned crops for the face experts; `GateRules` turn the detections into content and categories.
public struct Gate: ContentGate {
    public struct Options: Sendable {
        /// Landmarks and aligned crops for at most this many faces, largest first.
        public var maximumAlignedFaces: Int = 5
        public var alignment = FaceAlignmentOptions()
        public var rules = GateRules()
        /// Whether the object detector runs. Off, `objects` stays empty and categories come from faces
        /// alone: a pipeline turns it off when nothing it runs reads objects (20 ms an image saved).
        public var detectsObjects = true

        public init() {}
    }

    public let faceDetector: (any FaceDetector)?
    public let objectDetector: (any ObjectDetector)?
    /// dlib's 68-point model; without it faces are aligned from the detector's five keypoints.
    public let landmarkPredictor: ShapePredictor?
    public private(set) var options: Options
    private let landmarkAligner: FaceAligner
    private let keypointAligner: FaceAligner

    public init(
        faceDetector: (any FaceDetector)?, objectDetector: (any ObjectDetector)?, landmarkPredictor: ShapePredictor?,
        options: Options = Options()
    ) throws {
        self.faceDetector = faceDetector
        self.objectDetector = objectDetector
        self.landmarkPredictor = landmarkPredictor
        self.options = options
        landmarkAligner = try FaceAligner(options: options.alignment)
        var keypoints = options.alignment
        keypoints.landmarkIndices = [0, 1, 2, 3, 4]
        keypointAligner = try FaceAligner(options: keypoints)
    }

    public func decide(_ image: Image) async throws -> GateDecision {
        let clock = ContinuousClock()
        async let facesFound = timed(clock) { try await faceDetector?.detectFaces(in: image) ?? [] }
        let detector = options.detectsObjects ? objectDetector : nil
        async let objectsFound = timed(clock) { try await detector?.detectObjects(in: image) ?? [] }
        let (faces, faceMs) = try await facesFound
        let (objects, objectMs) = try await objectsFound
        var timings = ["faces": faceMs]
        var notes: [String] = []
        if detector != nil {
            timings["objects"] = objectMs
        } else if objectDetector != nil {
            notes.append("objects not detected: nothing in this pipeline reads them")
        }

        let usable = options.rules.usableFaces(faces, imageWidth: image.width, imageHeight: image.height)
            .sorted { $0.box.area > $1.box.area }
        let decision = options.rules.decide(
            faces: usable, objects: objects, imageWidth: image.width, imageHeight: image.height,
            classNames: objectDetector?.classNames ?? COCOClasses.names)

        let alignStart = clock.now
        var gateFaces = usable.map { GateFace(box: $0.box, score: $0.score, keypoints: $0.keypoints) }
        var aligned: [AlignedFace] = []
        for index in gateFaces.indices.prefix(options.maximumAlignedFaces) {
            do {
                if let landmarkPredictor {
                    let landmarks = landmarkPredictor.landmarks(in: image, face: Self.dlibRectangle(for: gateFaces[index].box))
                    gateFaces[index].landmarks = landmarks.points
                    aligned.append(try landmarkAligner.align(image, landmarks: landmarks))
                    gateFaces[index].alignedFrom = "dlib68"
                } else {
                    guard gateFaces[index].keypoints.count == 5 else { break }
                    let points = FaceLandmarks(face: Self.dlibRectangle(for: gateFaces[index].box), points: gateFaces[index].keypoints)
                    aligned.append(try keypointAligner.align(image, landmarks: points))
                    gateFaces[index].alignedFrom = "detector5"
                }
            } catch {
                notes.append("face \(index) could not be aligned: \(error)")
                break
            }
        }
        if landmarkPredictor == nil && !aligned.isEmpty {
            notes.append("faces aligned from the face detector's five keypoints: the 68-point landmark model is not loaded")
        }
        timings["landmarks_and_alignment"] = (clock.now - alignStart).milliseconds
        return GateDecision(
            content: decision.content, categories: decision.categories, faces: gateFaces,
            objects: objects.map { object in
                GateObject(box: object.box, className: Self.name(of: object, in: objectDetector), score: object.score)
            },
            alignedFaces: aligned, timings: timings, notes: notes)
    }

    /// This gate with its object detector on or off.
    public func detectingObjects(_ detects: Bool) -> Gate {
        var copy = self
        copy.options.detectsObjects = detects
        return copy
    }

    /// The square rectangle dlib's own detector would have drawn around a YuNet face: same centre x, centre
    /// 6.4 % of the box height lower, side 1.07 × the box width. Fitted to dlib's rectangles on 136 dev-set faces
    /// (box conventions only, no labels), because the landmark cascade starts from the detector's rectangle.
    public static func dlibRectangle(for box: Box) -> FaceRectangle {
        let side = 1.07 * box.width
        let centre = Point(x: box.centre.x, y: box.centre.y + 0.064 * box.height)
        let left = Int((centre.x - side / 2).rounded())
        let top = Int((centre.y - side / 2).rounded())
        let length = max(1, Int(side.rounded()))
        return FaceRectangle(left: left, top: top, right: left + length - 1, bottom: top + length - 1)
    }

    private static func name(of object: Detection, in detector: (any ObjectDetector)?) -> String {
        let names = detector?.classNames ?? COCOClasses.names
        return names.indices.contains(object.classIndex) ? names[object.classIndex] : "class \(object.classIndex)"
    }

    private func timed<T: Sendable>(_ clock: ContinuousClock, _ work: () async throws -> T) async throws -> (T, Double) {
        let start = clock.now
        let value = try await work()
        return (value, (clock.now - start).milliseconds)
    }
}
