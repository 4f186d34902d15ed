import CAMOVideo
import CAMOVision
import Foundation

/// Separates videos from images among command-line paths: a file whose leading bytes are no image format CAMO knows and
/// which FFmpeg opens as a video, and, in folders, files with a video extension.
enum VideoInputs {
    static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "webm", "mkv", "avi", "3gp"]

    static func split(_ paths: [String]) -> (images: [String], videos: [String]) {
        var images: [String] = [], videos: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                images.append(path)
                continue
            }
            if isDirectory.boolValue {
                images.append(path)
                videos += folder(URL(fileURLWithPath: path))
            } else if isVideo(path) {
                videos.append(path)
            } else {
                images.append(path)
            }
        }
        return (images, videos)
    }

    static func isVideo(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        try? handle.close()
        if let format = ImageFormat.detect(head), format != .heic && format != .avif { return false }
        // HEIF and AVIF share the ISO box layout with MP4: a still image has an image brand and no video track.
        if ImageFormat.detect(head) != nil && !videoExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased()) { return false }
        return VideoDetector.isVideo(path: path)
    }

    private static func folder(_ url: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [String] = []
        for case let file as URL in walker where videoExtensions.contains(file.pathExtension.lowercased()) { files.append(file.path) }
        return files.sorted()
    }
}
