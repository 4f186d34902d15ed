import CAMORuntime
import CAMOTesting
import Foundation

/// Where the runtime tests find ONNX Runtime and the models they run.
enum RuntimeTestSupport {
    /// Whether ONNX Runtime is installed where the loader looks. When it is, a failure to load it
    /// is a test failure, not a skip.
    static let onnxRuntimeInstalled: Bool = {
        if let path = ProcessInfo.processInfo.environment["ORT_DYLIB_PATH"], !path.isEmpty { return true }
        if PythonPackage.directory(of: "onnxruntime") != nil { return true }
        if let handle = dlopen("libonnxruntime.so.1", RTLD_NOW | RTLD_LOCAL) {
            dlclose(handle)
            return true
        }
        return false
    }()

    /// The `light_*` models shipped in the onnx wheel: `ONNX_LIGHT_MODELS`, else the installed
    /// `onnx` package's `backend/test/data/light` (found by asking python3 once).
    static let lightModelsDirectory: URL? = {
        if let path = ProcessInfo.processInfo.environment["ONNX_LIGHT_MODELS"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        guard let onnx = PythonPackage.directory(of: "onnx") else { return nil }
        let folder = onnx.appendingPathComponent("backend/test/data/light", isDirectory: true)
        return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
    }()

    static let lightModelsAvailable = onnxRuntimeInstalled && lightModelsDirectory != nil

    /// Every `*.onnx` under the shared models folder that has a `_test/test_data_set_*` beside it.
    static let sharedModelsWithTestSets: [URL] = {
        let root = Fixtures.modelsDirectory
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".onnx") }
            .sorted()
            .map { root.appendingPathComponent($0) }
            .filter { !ModelTestSet.folders(besideModel: $0).isEmpty }
    }()

    static let sharedModelsAvailable = onnxRuntimeInstalled && !sharedModelsWithTestSets.isEmpty

    static func fixture(_ name: String) -> URL { Fixtures.url("runtime/\(name)") }
}
