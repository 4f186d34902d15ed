import CAMO
import CAMORuntime
import Foundation

/// Where the files CAMO ships beside its binary live (`pipelines/`, `models/registry.yaml`):
/// `CAMO_HOME`; else the first folder holding `models/registry.yaml` found walking up from the executable
/// (a build tree) or at `<prefix>/share/camo` (an install); else the current directory.
enum CamoHome {
    static let url: URL = {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["CAMO_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        let marker = "models/registry.yaml"
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let share = folder.deletingLastPathComponent().appendingPathComponent("share/camo")
        if FileManager.default.fileExists(atPath: share.appendingPathComponent(marker).path) { return share }
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var registry: URL { url.appendingPathComponent("models/registry.yaml") }
    static var defaultPipeline: URL { url.appendingPathComponent("pipelines/default.yaml") }

    /// The SHA-256 of a pipeline YAML, the model registry (which pins every model's sha256) and every JSON file the
    /// YAML names (trained heads, forests and aggregators, the calibration): together they identify what a cached
    /// prediction or training row was computed with, so retraining or recalibrating invalidates the cache.
    /// `includingCalibration: false` leaves the calibration file out, for the caches of raw scores;
    /// `includingTrainedFiles: false` leaves the trained files out, for training rows, which do not depend on them.
    static func configurationHash(pipeline: URL, includingCalibration: Bool = true, includingTrainedFiles: Bool = true) throws -> String {
        let yaml = try Data(contentsOf: pipeline)
        var bytes = [UInt8](yaml) + [UInt8](try Data(contentsOf: registry))
        let calibration = try PipelineConfiguration(contentsOf: pipeline).calibration
        let text = String(decoding: yaml, as: UTF8.self)
        let named = text.matches(of: /[A-Za-z0-9_.\/-]+\.json/).map { String($0.output) }
        for reference in Set(named).sorted() where reference == calibration ? includingCalibration : includingTrainedFiles {
            let file = reference.hasPrefix("/") ? URL(fileURLWithPath: reference)
                : pipeline.deletingLastPathComponent().appendingPathComponent(reference)
            bytes += [UInt8](reference.utf8) + [UInt8]((try? Data(contentsOf: file)) ?? Data())
        }
        return SHA256.hexDigest(bytes)
    }
}
