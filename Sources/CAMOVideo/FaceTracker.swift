import CAMOVision
import Foundation

/// Links the faces of successive sampled frames into tracks: a face joins the track whose last face it overlaps most
/// (box IoU) or whose landmarks lie closest (mean distance over the face's size), if the track was seen recently.
public struct FaceTracker: Sendable {
    public struct Observation: Sendable {
        public var box: Box
        public var landmarks: [Point]?
        public init(box: Box, landmarks: [Point]?) {
            self.box = box
            self.landmarks = landmarks
        }
    }

    /// Least box overlap that links two faces; default 0.3.
    public var minimumOverlap: Double = 0.3
    /// Largest mean landmark distance, as a share of the face's box size, that links two faces; default 0.35.
    public var maximumLandmarkDistance: Double = 0.35
    /// A track not seen for longer than this many seconds ends; default 3.
    public var maximumGap: Double = 3

    private var last: [(track: Int, time: Double, face: Observation)] = []
    private var nextTrack = 0

    public init() {}

    /// The track of each face of the frame at `time`, in the faces' order.
    public mutating func assign(_ faces: [Observation], at time: Double) -> [Int] {
        let alive = last.filter { time - $0.time <= maximumGap }
        var candidates: [(cost: Double, face: Int, slot: Int)] = []
        for (faceIndex, face) in faces.enumerated() {
            for (slot, previous) in alive.enumerated() {
                let overlap = face.box.intersectionOverUnion(with: previous.face.box)
                let distance = Self.landmarkDistance(face, previous.face)
                guard overlap >= minimumOverlap || (distance.map { $0 <= maximumLandmarkDistance } ?? false) else { continue }
                candidates.append(((1 - overlap) + (distance ?? 1), faceIndex, slot))
            }
        }
        var tracks = [Int?](repeating: nil, count: faces.count)
        var usedSlots = Set<Int>()
        for candidate in candidates.sorted(by: { $0.cost < $1.cost }) where tracks[candidate.face] == nil && !usedSlots.contains(candidate.slot) {
            tracks[candidate.face] = alive[candidate.slot].track
            usedSlots.insert(candidate.slot)
        }
        var result: [Int] = []
        for (index, track) in tracks.enumerated() {
            let id = track ?? { defer { nextTrack += 1 }; return nextTrack }()
            result.append(id)
            last.removeAll { $0.track == id }
            last.append((id, time, faces[index]))
        }
        last.removeAll { time - $0.time > maximumGap }
        return result
    }

    static func landmarkDistance(_ a: Observation, _ b: Observation) -> Double? {
        guard let p = a.landmarks, let q = b.landmarks, p.count == q.count, !p.isEmpty else { return nil }
        let size = max(1, (a.box.width + a.box.height + b.box.width + b.box.height) / 4)
        let total = zip(p, q).reduce(0.0) { $0 + (($1.0.x - $1.1.x) * ($1.0.x - $1.1.x) + ($1.0.y - $1.1.y) * ($1.0.y - $1.1.y)).squareRoot() }
        return total / Double(p.count) / size
    }
}
