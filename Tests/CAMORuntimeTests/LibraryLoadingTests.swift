import CAMORuntime
import CAMOTesting
import Foundation
import Testing

/// Loading libraries that are not a usable ONNX Runtime: each gives a typed error, never a crash.
struct LibraryLoadingTests {
    /// A C compiler, to build stand-in libraries (the Swift toolchain ships clang).
    static let compiler: String? = ["/usr/bin/cc", "/usr/bin/clang", "/usr/bin/gcc"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Builds a shared library exporting an `OrtGetApiBase` that reports `version` and has no tables.
    static func fakeRuntime(version: String, in folder: URL) throws -> URL {
        let source = folder.appendingPathComponent("fake.c")
        let library = folder.appendingPathComponent("libonnxruntime.so.\(version)")
        try """
            #include <stddef.h>
            static const void *get_api(unsigned version) { (void)version; return NULL; }
            static const char *get_version(void) { return "\(version)"; }
            static const void *base[2] = { (const void *)get_api, (const void *)get_version };
            const void *OrtGetApiBase(void) { return base; }
            """.write(to: source, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(compiler))
        process.arguments = ["-shared", "-fPIC", "-o", library.path, source.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return library
    }

    @Test(.enabled(if: compiler != nil))
    func tooOldLibraryIsRefusedBeforeGetApi() throws {
        let folder = try Fixtures.temporaryDirectory("camo-fake-ort")
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try Self.fakeRuntime(version: "1.4.1", in: folder)
        #expect(throws: RuntimeError.libraryTooOld(path: library.path, version: "1.4.1", requiredAPIVersion: 5)) {
            _ = try OnnxRuntimeLibrary.load(at: library.path)
        }
    }

    /// A version new enough whose GetApi still returns no table is refused the same way.
    @Test(.enabled(if: compiler != nil))
    func libraryWithoutTheRequestedTableIsRefused() throws {
        let folder = try Fixtures.temporaryDirectory("camo-fake-ort")
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try Self.fakeRuntime(version: "1.20.0", in: folder)
        #expect(throws: RuntimeError.libraryTooOld(path: library.path, version: "1.20.0", requiredAPIVersion: 5)) {
            _ = try OnnxRuntimeLibrary.load(at: library.path)
        }
    }

    @Test func notALibraryIsUnusable() throws {
        let path = Fixtures.url("runtime/tiny_conv.onnx").path
        #expect {
            _ = try OnnxRuntimeLibrary.load(at: path)
        } throws: { error in
            guard case .libraryUnusable(let reported, _) = error as? RuntimeError else { return false }
            return reported == path
        }
    }

    @Test func libraryWithoutTheEntryPointIsUnusable() throws {
        #expect(throws: RuntimeError.libraryUnusable(path: "libm.so.6", reason: "no OrtGetApiBase symbol")) {
            _ = try OnnxRuntimeLibrary.load(at: "libm.so.6")
        }
    }

    @Test(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled))
    func loadingTheFoundLibraryByPathGivesTheSameVersion() throws {
        let shared = try OnnxRuntimeLibrary.shared()
        #expect(try OnnxRuntimeLibrary.load(at: shared.path).version == shared.version)
    }

    @Test func notFoundMessageListsPathsAndTheInstallCommand() {
        let error = RuntimeError.libraryNotFound(tried: ["/opt/a/libonnxruntime.so [ORT_DYLIB_PATH]: absent"])
        #expect(error.description.contains("/opt/a/libonnxruntime.so [ORT_DYLIB_PATH]: absent"))
        #expect(error.description.hasSuffix("Install it with: python3 -m pip install onnxruntime"))
    }
}
