import CAMORuntime

/// What `camo --version` prints.
enum CamoVersion {
    static let number = "0.1.0"

    /// ArgumentParser builds this text for every command, but loading ONNX Runtime costs a
    /// python3 start-up: only do it when the version is what was asked for.
    static var description: String {
        CommandLine.arguments.dropFirst().contains("--version") ? "camo \(number)\n" + onnxRuntime : "camo \(number)"
    }

    /// Which ONNX Runtime this process would use, and from where (or why none).
    static var onnxRuntime: String {
        do {
            return try OnnxRuntimeLibrary.shared().summary
        } catch {
            return "ONNX Runtime: not loaded (\(error))"
        }
    }
}
