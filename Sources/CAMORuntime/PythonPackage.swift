import Foundation

/// Finds where an installed Python package lives by asking `python3` once per package and caching
/// the answer. The package is located, not imported: importing onnxruntime (and numpy with it) took
/// 0.2 s, locating it takes a bare Python start-up.
public enum PythonPackage {
    private static let cache = LockedValue<[String: URL?]>([:])

    /// The package's folder (`…/site-packages/<name>`), or nil when `python3` or the package is absent.
    public static func directory(of name: String) -> URL? {
        if let known = cache.withLock({ $0[name] }) { return known }
        let found = ask(name)
        cache.withLock { $0[name] = found }
        return found
    }

    private static func ask(_ name: String) -> URL? {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import importlib.util, os; s = importlib.util.find_spec('\(name)'); print(os.path.dirname(s.origin))"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let path = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !path.isEmpty
        else { return nil }
        return URL(fileURLWithPath: path, isDirectory: true)
    }
}
