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
        if let format = ImageFormat.detect(head) {
            // HEIF and AVIF share the ISO box layout with MP4: a still image has an image brand and no video track.
            guard format == .heic || format == .avif, videoExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
            else { return false }
        }
        // A video container that FFmpeg cannot use (no video stream, cut short) is still reported as a video, with
        // the decoder's reason, not as an unknown image format.
        return isVideoContainer(head) || VideoDetector.isVideo(path: path)
    }

    /// ISO BMFF (`ftyp`, MP4 and MOV), Matroska and WebM (EBML), AVI (RIFF…AVI).
    static func isVideoContainer(_ head: Data) -> Bool {
        let bytes = [UInt8](head.prefix(12))
        guard bytes.count >= 12 else { return false }
        if bytes[4...7] == [0x66, 0x74, 0x79, 0x70] { return true }
        if bytes[0...3] == [0x1A, 0x45, 0xDF, 0xA3] { return true }
        return bytes[0...3] == [0x52, 0x49, 0x46, 0x46] && bytes[8...10] == [0x41, 0x56, 0x49]
    }

    private static func folder(_ url: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [String] = []
        for case let file as URL in walker where videoExtensions.contains(file.pathExtension.lowercased()) { files.append(file.path) }
        return files.sorted()
    }
}
