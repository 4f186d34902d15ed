import CAMORuntime
import CAMOVision
import Foundation

/// dlib's face landmark predictor (`dlib::shape_predictor`), read from dlib's own model file
/// and evaluated the way dlib evaluates it.
///
/// The usual model is `shape_predictor_68_face_landmarks.dat` from Debian's `libdlib-data`
/// (`/usr/share/dlib/`). It was trained on the iBUG 300-W data set, whose licence excludes
/// commercial use: the model is for research use only, and so is anything that ships it.
///
/// ```swift
/// let predictor = try ShapePredictor(contentsOf: ShapePredictor.defaultModelURL)
/// let landmarks = predictor.landmarks(in: image, face: FaceRectangle(left: 80, top: 60, right: 240, bottom: 220))
/// ```
public struct ShapePredictor: Sendable {
    /// Names the model file, overriding `debianModelPath`.
    public static let modelEnvironmentVariable = "CAMO_DLIB_LANDMARKS"
    /// Where Debian's `libdlib-data` installs the 68-point model.
    public static let debianModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"

    /// `$CAMO_DLIB_LANDMARKS` when set, else `debianModelPath`.
    public static var defaultModelURL: URL {
        if let path = ProcessInfo.processInfo.environment[modelEnvironmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: debianModelPath)
    }

    private let cascade: RegressionCascade

    /// Reads a model file written by dlib's `serialize(shape_predictor)`. The parsed model is kept in
    /// `compactCache` (by default the cache directory; nil keeps nothing) in a compact form
    /// (`RegressionCascade+Compact`), tied to the file's digest, which later loads map instead of
    /// parsing; a compact form that is missing, stale or damaged is rebuilt from the file.
    public init(contentsOf url: URL, compactCache: URL? = CacheDirectory.url()) throws(ShapePredictorError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .modelNotFound(path: url.path)
        }
        let hex = try? FileDigestCache.sha256(of: url)
        let digest = hex.map(Self.bytes(fromHex:))
        let compactName = hex.map { "dlib-shape-predictor-\($0.prefix(16)).bin" }
        if let digest, let compactName, let compactCache, let data = CacheDirectory.read(compactName, in: compactCache, mapped: true),
           let cascade = try? RegressionCascade(compact: data, sourceDigest: digest) {
            self.init(cascade: cascade)
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        try self.init(serialized: data)
        if let digest, let compactName, let compactCache {
            CacheDirectory.write(cascade.compactRepresentation(sourceDigest: digest), to: compactName, in: compactCache)
        }
    }

    private init(cascade: RegressionCascade) {
        self.cascade = cascade
    }

    private static func bytes(fromHex hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != next {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    /// Reads a model from the bytes dlib's `serialize(shape_predictor)` writes.
    public init(serialized data: Data) throws(ShapePredictorError) {
        let parsed = data.withUnsafeBytes { bytes in
            Result { () throws(ShapePredictorError) in try RegressionCascade(parsing: bytes) }
        }
        cascade = try parsed.get()
    }

    /// Points per face (68 for the iBUG 300-W model).
    public var partCount: Int { cascade.partCount }
    /// Cascade levels (15 in the 68-point model).
    public var levelCount: Int { cascade.levels.count }
    /// Trees over all levels.
    public var treeCount: Int { cascade.trees.count }

    /// The landmarks of the face inside `face`, a box in `image`'s pixels such as dlib's face
    /// detector reports. Pixels are sampled as dlib samples an `rgb_pixel` image: the grey level
    /// is `(r + g + b) / 3` rounded down, and 0 outside the image.
    public func landmarks(in image: Image, face: FaceRectangle) -> FaceLandmarks {
        FaceLandmarks(face: face, points: cascade.predict(in: image, face: face))
    }

    /// The landmarks of the face inside `face`, given as a half-open `Rect`
    /// (see `FaceRectangle.init(_:)`).
    public func landmarks(in image: Image, face: Rect) -> FaceLandmarks {
        landmarks(in: image, face: FaceRectangle(face))
    }
}
