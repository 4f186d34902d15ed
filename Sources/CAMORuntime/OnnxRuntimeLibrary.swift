import Foundation

/// The ONNX Runtime shared library, loaded at run time with `dlopen`: the package needs no ONNX
/// Runtime headers and has no link-time dependency on it.
///
/// Search order: `ORT_DYLIB_PATH` (a file, or a folder holding `libonnxruntime.so*`); the
/// `onnxruntime` Python package (`<package>/capi/libonnxruntime.so.*`, found by asking `python3`,
/// and remembered in the cache directory); then the system library path (`libonnxruntime.so.1`,
/// `libonnxruntime.so`).
public struct OnnxRuntimeLibrary: Sendable {
    /// Where the library was loaded from (a path, or the bare name the system resolved).
    public let path: String
    /// ONNX Runtime's own version string, e.g. "1.32.0".
    public let version: String
    /// The `OrtApi` version requested from it.
    public let apiVersion: UInt32

    let functions: OrtFunctions

    private static let loaded: Result<OnnxRuntimeLibrary, RuntimeError> = Result { () throws(RuntimeError) in try load() }

    /// The library, loaded once per process; the same error every time when it cannot be.
    public static func shared() throws(RuntimeError) -> OnnxRuntimeLibrary {
        try loaded.get()
    }

    public var summary: String { "ONNX Runtime \(version) (API \(apiVersion)) from \(path)" }

    private static func candidates() -> [(path: String, label: String)] {
        var list: [(String, String)] = []
        if let override = ProcessInfo.processInfo.environment["ORT_DYLIB_PATH"], !override.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: override, isDirectory: &isFolder), isFolder.boolValue {
                let found = libraries(in: URL(fileURLWithPath: override, isDirectory: true))
                list += found.isEmpty
                    ? [(override + "/libonnxruntime.so*", "ORT_DYLIB_PATH")]
                    : found.map { ($0, "ORT_DYLIB_PATH") }
            } else {
                list.append((override, "ORT_DYLIB_PATH"))
            }
        }
        if let remembered = rememberedPackageLibrary() {
            list.append((remembered, "python3 onnxruntime package"))
        } else if let package = PythonPackage.directory(of: "onnxruntime") {
            let capi = package.appendingPathComponent("capi", isDirectory: true)
            let found = libraries(in: capi)
            list += found.isEmpty
                ? [(capi.path + "/libonnxruntime.so*", "python3 onnxruntime package")]
                : found.map { ($0, "python3 onnxruntime package") }
            if let first = found.first { rememberPackageLibrary(first) }
        } else {
            list.append(("(no python3 package 'onnxruntime')", "python3 onnxruntime package"))
        }
        list.append(("libonnxruntime.so.1", "system library path"))
        list.append(("libonnxruntime.so", "system library path"))
        return list
    }

    /// Where the Python package's library was found last time with the same `PATH`, while that file
    /// still exists: asking `python3` costs a Python start-up on every run otherwise. An upgrade of
    /// the package removes the old file, so the question is asked again.
    private struct RememberedLibrary: Codable {
        var searchPath: String
        var library: String
    }

    private static let rememberedName = "onnxruntime-library.json"

    private static func rememberedPackageLibrary() -> String? {
        guard let data = CacheDirectory.read(rememberedName),
              let remembered = try? JSONDecoder().decode(RememberedLibrary.self, from: data),
              remembered.searchPath == ProcessInfo.processInfo.environment["PATH"] ?? "",
              FileManager.default.fileExists(atPath: remembered.library) else { return nil }
        return remembered.library
    }

    private static func rememberPackageLibrary(_ library: String) {
        let remembered = RememberedLibrary(searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "", library: library)
        if let data = try? JSONEncoder().encode(remembered) { CacheDirectory.write(data, to: rememberedName) }
    }

    /// `libonnxruntime.so*` files in `folder`, newest name first; the wheel ships only the fully
    /// versioned file. The providers-shared library is not ONNX Runtime itself.
    private static func libraries(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names
            .filter { $0.hasPrefix("libonnxruntime.so") }
            .sorted(by: >)
            .map { folder.appendingPathComponent($0).path }
    }

    private static func load() throws(RuntimeError) -> OnnxRuntimeLibrary {
        var tried: [String] = []
        for (path, label) in candidates() {
            if path.contains("/") {
                guard FileManager.default.fileExists(atPath: path) else {
                    tried.append("\(path) [\(label)]: absent")
                    continue
                }
                return try load(at: path)
            }
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                tried.append("\(path) [\(label)]: not on the library path")
                continue
            }
            return try open(handle: handle, path: path)
        }
        throw .libraryNotFound(tried: tried)
    }

    /// Opens the library at `path` (a file, or a name the system resolves) without searching or
    /// caching, and checks that it is an ONNX Runtime recent enough for this binding. The handle
    /// stays open for the life of the process: every ORT object points into it.
    public static func load(at path: String) throws(RuntimeError) -> OnnxRuntimeLibrary {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .libraryUnusable(path: path, reason: dlerror().map { String(cString: $0) } ?? "dlopen failed")
        }
        return try open(handle: handle, path: path)
    }

    private typealias GetApiBase = @convention(c) () -> UnsafeRawPointer?
    private typealias GetApi = @convention(c) (UInt32) -> UnsafePointer<UnsafeRawPointer?>?
    private typealias GetVersionString = @convention(c) () -> UnsafePointer<CChar>?

    private static func open(handle: UnsafeMutableRawPointer, path: String) throws(RuntimeError) -> OnnxRuntimeLibrary {
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            throw .libraryUnusable(path: path, reason: "no OrtGetApiBase symbol")
        }
        let getApiBase = unsafeBitCast(symbol, to: GetApiBase.self)
        // OrtApiBase is two function pointers: GetApi, then GetVersionString.
        guard let base = getApiBase()?.assumingMemoryBound(to: UnsafeRawPointer?.self),
              let getApiPointer = base[0], let versionPointer = base[1]
        else { throw .libraryUnusable(path: path, reason: "OrtGetApiBase returned an empty table") }
        let getApi = unsafeBitCast(getApiPointer, to: GetApi.self)
        let getVersion = unsafeBitCast(versionPointer, to: GetVersionString.self)
        let version = getVersion().map { String(cString: $0) } ?? "unknown"
        // GetApi(v) prints to stderr when v is newer than the library: check the version first.
        let parts = version.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count >= 2, parts[0] >= 1, parts[0] > 1 || parts[1] >= OrtSlot.requiredAPIVersion else {
            throw .libraryTooOld(path: path, version: version, requiredAPIVersion: OrtSlot.requiredAPIVersion)
        }
        guard let table = getApi(OrtSlot.requiredAPIVersion), let functions = OrtFunctions(table: table) else {
            throw .libraryTooOld(path: path, version: version, requiredAPIVersion: OrtSlot.requiredAPIVersion)
        }
        return OnnxRuntimeLibrary(path: path, version: version, apiVersion: OrtSlot.requiredAPIVersion, functions: functions)
    }
}
