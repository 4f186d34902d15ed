import CAMO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns command-line paths into inputs: files, folders (recursively, image files only), glob patterns
/// the shell did not expand, and `-` for standard input.
enum ImageInputs {
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "avif", "heic", "gif", "bmp", "tif", "tiff", "jfif"]

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file or folder: \(path)" }
    }

    static func collect(_ paths: [String]) -> [ImageInput] {
        var inputs: [ImageInput] = []
        for path in paths {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                inputs.append(ImageInput(id: "-") { data })
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    inputs += folder(URL(fileURLWithPath: path))
                } else {
                    inputs.append(.file(URL(fileURLWithPath: path), id: path))
                }
            } else if path.contains("*") || path.contains("?") || path.contains("[") {
                inputs += expand(path).map { .file(URL(fileURLWithPath: $0), id: $0) }
            } else {
                // Reported as that image's failure, so the rest of the batch still runs.
                inputs.append(ImageInput(id: path) { throw Missing(path: path) })
            }
        }
        return inputs
    }

    private static func folder(_ url: URL) -> [ImageInput] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let file as URL in walker where imageExtensions.contains(file.pathExtension.lowercased()) {
            files.append(file)
        }
        return files.sorted { $0.path < $1.path }.map { .file($0, id: $0.path) }
    }

    private static func expand(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
    }
}
