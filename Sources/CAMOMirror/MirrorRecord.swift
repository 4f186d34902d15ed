import CAMOEval
import Foundation

/// What the resume ledger (`.camo-mirror/records.jsonl`) knows about one real image: its caption once captioned,
/// then either its finished twin or the refusal that stopped it. A later line for the same pair replaces an earlier.
public struct MirrorRecord: LedgerRecord, Equatable {
    public enum Stage: String, Codable, Sendable { case captioned, mirrored, refused }

    public var pairID: String
    public var stage: Stage
    public var sourceFile: String
    public var sourceSHA256: String
    public var source: String
    public var captionIdentity: String
    public var captionRaw: String?
    public var captionParts: [String]?
    public var caption: String?
    public var captionEngine: String?
    public var moderationEngine: String?
    /// Seconds per stage: `caption`, `moderation`, `generation`, `encoding`.
    public var seconds: [String: Double]
    /// A refusal: the stage that refused, its reason and what the engine said.
    public var refusedAt: String?
    public var refusalReason: String?
    public var refusalDetail: String?
    public var generationIdentity: String?
    public var model: String?
    public var engine: String?
    public var parameters: [String: ParameterValue]?
    public var reported: [String: ParameterValue]?
    public var seed: UInt32?
    public var twin: TwinEncoding?
    public var realFile: String?
    public var realSHA256: String?
    public var fakeFile: String?
    public var fakeSHA256: String?

    public var key: String { pairID }

    enum CodingKeys: String, CodingKey {
        case stage, source, caption, seconds, model, engine, parameters, reported, seed, twin
        case pairID = "pair_id"
        case sourceFile = "source_file"
        case sourceSHA256 = "source_sha256"
        case captionIdentity = "caption_identity"
        case captionRaw = "caption_raw"
        case captionParts = "caption_parts"
        case captionEngine = "caption_engine"
        case moderationEngine = "moderation_engine"
        case refusedAt = "refused_at"
        case refusalReason = "refusal_reason"
        case refusalDetail = "refusal_detail"
        case generationIdentity = "generation_identity"
        case realFile = "real_file"
        case realSHA256 = "real_sha256"
        case fakeFile = "fake_file"
        case fakeSHA256 = "fake_sha256"
    }

    init(pairID: String, sourceFile: String, sourceSHA256: String, source: String, captionIdentity: String) {
        self.pairID = pairID
        self.stage = .captioned
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.source = source
        self.captionIdentity = captionIdentity
        self.seconds = [:]
    }

    /// Whether the twin this record names is on disk as written.
    func filesAreIntact(under root: URL) -> Bool {
        guard let realFile, let fakeFile else { return false }
        return ResumeLedger<MirrorRecord>.fileHash(root.appendingPathComponent(realFile)) == realSHA256
            && ResumeLedger<MirrorRecord>.fileHash(root.appendingPathComponent(fakeFile)) == fakeSHA256
    }
}

/// A row of `train/metadata.jsonl`: both twins get one, sharing `pair_id`, `source` and the captions.
struct MirrorRow: Encodable {
    var fileName: String
    var label: Int
    var pairID: String
    var source: String
    var sourceFile: String
    var sourceSHA256: String
    var sha256: String
    var generator: String
    var captionRaw: String
    var caption: String
    var captionEngine: String
    var moderationEngine: String
    var engine: String
    var model: String
    var parameters: [String: ParameterValue]
    var reported: [String: ParameterValue]
    var seed: UInt32?
    var format: String
    var width: Int
    var height: Int
    var jpegQuality: Int?
    var seconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case label, source, sha256, generator, caption, engine, model, parameters, reported, seed, format, width, height, seconds
        case fileName = "file_name"
        case pairID = "pair_id"
        case sourceFile = "source_file"
        case sourceSHA256 = "source_sha256"
        case captionRaw = "caption_raw"
        case captionEngine = "caption_engine"
        case moderationEngine = "moderation_engine"
        case jpegQuality = "jpeg_quality"
    }

    /// The real row and the fake row of a finished record.
    static func pair(_ record: MirrorRecord) -> [MirrorRow] {
        guard let twin = record.twin, let realFile = record.realFile, let fakeFile = record.fakeFile else { return [] }
        let base = MirrorRow(
            fileName: "", label: 0, pairID: record.pairID, source: record.source, sourceFile: record.sourceFile,
            sourceSHA256: record.sourceSHA256, sha256: "", generator: "", captionRaw: record.captionRaw ?? "",
            caption: record.caption ?? "", captionEngine: record.captionEngine ?? "", moderationEngine: record.moderationEngine ?? "",
            engine: "", model: "", parameters: [:], reported: [:], seed: nil, format: twin.format.rawValue,
            width: twin.width, height: twin.height, jpegQuality: twin.format == .jpeg ? twin.quality : nil, seconds: [:])
        var real = base, fake = base
        real.fileName = String(realFile.dropFirst(MirrorLayout.split.count + 1))
        real.sha256 = record.realSHA256 ?? ""
        fake.fileName = String(fakeFile.dropFirst(MirrorLayout.split.count + 1))
        fake.label = 1
        fake.sha256 = record.fakeSHA256 ?? ""
        fake.generator = record.model ?? ""
        fake.engine = record.engine ?? ""
        fake.model = record.model ?? ""
        fake.parameters = record.parameters ?? [:]
        fake.reported = record.reported ?? [:]
        fake.seed = record.seed
        fake.seconds = record.seconds
        return [real, fake]
    }
}

/// Where things go in the output folder.
enum MirrorLayout {
    static let split = "train"
    static let state = ".camo-mirror"

    static func realFile(_ pairID: String, _ twin: TwinEncoding, originalExtension: String) -> String {
        "\(split)/real/\(pairID).\(twin.realReencoded ? "png" : originalExtension)"
    }

    static func fakeFile(_ pairID: String, _ twin: TwinEncoding) -> String { "\(split)/fake/\(pairID).\(twin.fileExtension)" }
}
