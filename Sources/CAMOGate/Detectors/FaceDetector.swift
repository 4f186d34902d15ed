import CAMOVision

/// Finds faces: boxes, scores and (where the model gives them) five keypoints, in image pixels.
public protocol FaceDetector: Sendable {
    var name: String { get }
    func detectFaces(in image: Image) async throws -> [Detection]
}

/// Finds objects: boxes with class indices into `classNames`, in image pixels.
public protocol ObjectDetector: Sendable {
    var name: String { get }
    var classNames: [String] { get }
    func detectObjects(in image: Image) async throws -> [Detection]
}
