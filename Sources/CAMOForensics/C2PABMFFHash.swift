/// The `c2pa.hash.bmff` hard binding of a HEIF, AVIF, MP4 or MOV file (C2PA §9.2.3): a hash over the
/// file's bytes less the boxes its exclusions select, recomputed as c2pa-rs recomputes it. From
/// version 2 of the assertion, the 8-byte big-endian offset of every top-level box that is not
/// wholly excluded is hashed just before the box's bytes, so moving a box breaks the binding.
struct C2PABMFFHash {
    /// One `exclusions` entry: the boxes at `xpath` that also match every condition given.
    struct Exclusion {
        var xpath: String
        var length: Int?
        var version: Int?
        /// The first three bytes of `flags`, as a 24-bit value.
        var flags: UInt32?
        var exactFlags: Bool
        var data: [(offset: Int, value: [UInt8])]
        var subsets: [(offset: Int, length: Int)]
    }

    var exclusions: [Exclusion]
    var algorithm: C2PAHashAlgorithm
    /// The whole-file hash; absent when the assertion carries only Merkle trees.
    var hash: [UInt8]?
    var hasMerkleTrees: Bool
    var hashesBoxOffsets: Bool

    /// Reads the assertion's CBOR; `label` (`c2pa.hash.bmff`, `c2pa.hash.bmff.v2`, `.v3`) gives its version.
    init(_ assertion: CBORValue, label: String, claimAlgorithm: String?) throws(C2PAValidationError) {
        algorithm = try C2PAHashAlgorithm(name: assertion["alg"]?.text ?? claimAlgorithm ?? "sha256")
        hash = assertion["hash"]?.bytes
        hasMerkleTrees = assertion["merkle"]?.array.map { !$0.isEmpty } ?? false
        let versioned = label.components(separatedBy: "__")[0]
        let version = versioned.hasPrefix("c2pa.hash.bmff.v") ? Int(versioned.dropFirst("c2pa.hash.bmff.v".count)) ?? 1 : 1
        hashesBoxOffsets = version > 1
        exclusions = []
        for (index, entry) in (assertion["exclusions"]?.array ?? []).enumerated() {
            guard let xpath = entry["xpath"]?.text else {
                throw .malformed("c2pa.hash.bmff", .invalid("exclusion \(index) has no xpath", offset: 0))
            }
            var exclusion = Exclusion(xpath: xpath, length: entry["length"]?.integer, version: entry["version"]?.integer,
                                      flags: nil, exactFlags: entry["exact"].flatMap { if case let .bool(b) = $0 { b } else { nil } } ?? true,
                                      data: [], subsets: [])
            if let flags = entry["flags"]?.bytes {
                exclusion.flags = flags.count >= 3 ? UInt32(flags[0]) << 16 | UInt32(flags[1]) << 8 | UInt32(flags[2]) : 0
            }
            for item in entry["data"]?.array ?? [] {
                guard let offset = item["offset"]?.integer, offset >= 0, let value = item["value"]?.bytes else {
                    throw .malformed("c2pa.hash.bmff", .invalid("exclusion \(index) has a data entry without offset and value", offset: 0))
                }
                exclusion.data.append((offset, value))
            }
            for item in entry["subset"]?.array ?? [] {
                guard let offset = item["offset"]?.integer, let length = item["length"]?.integer, offset >= 0, length >= 0 else {
                    throw .malformed("c2pa.hash.bmff", .invalid("exclusion \(index) has a subset without offset and length", offset: 0))
                }
                exclusion.subsets.append((offset, length))
            }
            exclusions.append(exclusion)
        }
    }

    /// The hash of `file`, whose boxes are `boxes`, with this binding's exclusions applied. The
    /// hashed bytes are streamed from `file`, never copied whole.
    ///
    /// - Throws: `MetadataParseError` when the file cannot be read (it shrank since it was listed).
    func digest(of file: ByteSource, boxes: [BMFFBox]) throws(MetadataParseError) -> [UInt8] {
        var excluded: [Range<Int>] = []
        var offsetsHashed = Set(boxes.filter { $0.path.dropFirst().firstIndex(of: "/") == nil }.map(\.range.lowerBound))
        for exclusion in exclusions {
            for box in boxes where box.path == exclusion.xpath && matches(box, exclusion, in: file) {
                let length = box.range.count
                if exclusion.subsets.isEmpty {
                    excluded.append(box.range)
                    offsetsHashed.remove(box.range.lowerBound)
                }
                for subset in exclusion.subsets where subset.offset <= length {
                    let count = subset.length == 0 ? length - subset.offset : min(subset.length, length - subset.offset)
                    let start = box.range.lowerBound + subset.offset
                    excluded.append(start..<(start + count))
                }
            }
        }
        /// Bytes of the file, or a box's offset hashed as 8 big-endian bytes.
        enum Piece {
            case bytes(Range<Int>)
            case offset(Int)
        }
        let included = Self.complement(of: excluded, in: 0..<file.count)
        var pieces: [(position: Int, piece: Piece)] = []
        for range in included {
            var start = range.lowerBound
            for offset in offsetsHashed.sorted() where hashesBoxOffsets && range.contains(offset) {
                if offset > start { pieces.append((start, .bytes(start..<offset))) }
                pieces.append((offset, .offset(offset)))
                start = offset
            }
            pieces.append((start, .bytes(start..<range.upperBound)))
        }
        // A top-level box whose start a subset exclusion leaves out still has its offset hashed where
        // it falls between the first and last hashed bytes, as c2pa-rs does.
        if hashesBoxOffsets, let first = included.first?.lowerBound, let last = included.last?.upperBound {
            for offset in offsetsHashed where offset > first && offset < last - 1 && !included.contains(where: { $0.contains(offset) }) {
                pieces.append((offset, .offset(offset)))
            }
        }
        // Stable: an offset sorts before the bytes that start at the same position.
        let ordered = pieces.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element.piece)
        return try algorithm.digest { update throws(MetadataParseError) in
            for piece in ordered {
                switch piece {
                case let .bytes(range): try file.stream(range, "BMFF hashed bytes", update)
                case let .offset(offset): Self.bigEndian(offset).withUnsafeBytes(update)
                }
            }
        }
    }

    /// Whether `box` meets `exclusion`'s conditions; its `data` is read from `file`, a few bytes at a time.
    private func matches(_ box: BMFFBox, _ exclusion: Exclusion, in file: ByteSource) -> Bool {
        if let length = exclusion.length, length != box.range.count { return false }
        if let version = exclusion.version, let boxVersion = box.version, version != Int(boxVersion) { return false }
        if let flags = exclusion.flags, let boxFlags = box.flags {
            if exclusion.exactFlags ? flags != boxFlags : (flags | boxFlags) != flags { return false }
        }
        for item in exclusion.data {
            guard item.offset <= file.count - box.range.lowerBound - item.value.count else { return false }
            let start = box.range.lowerBound + item.offset
            guard let found = try? file.read(start..<(start + item.value.count), "BMFF exclusion data"),
                  found == item.value else { return false }
        }
        return true
    }

    private static func complement(of excluded: [Range<Int>], in whole: Range<Int>) -> [Range<Int>] {
        var included: [Range<Int>] = []
        var position = whole.lowerBound
        for range in excluded.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > position { included.append(position..<min(range.lowerBound, whole.upperBound)) }
            position = max(position, range.upperBound)
        }
        if position < whole.upperBound { included.append(position..<whole.upperBound) }
        return included
    }

    private static func bigEndian(_ value: Int) -> ArraySlice<UInt8> {
        ArraySlice((0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64($0))) })
    }
}
