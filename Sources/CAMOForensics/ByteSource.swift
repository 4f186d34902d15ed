import Foundation

/// The bytes of the file whose metadata is read: in memory, or read on demand from an open file.
/// A video read from disk is never loaded whole: its boxes are listed from their headers, only the
/// boxes the reader needs (the C2PA store, XMP) are read, and the bytes a hard binding hashes,
/// `mdat` included, pass through the hash once, in pieces of `chunkSize`.
enum ByteSource {
    case memory([UInt8])
    /// An open file of `count` bytes, read with `pread`-like seeks; nothing of it is cached.
    case file(FileHandle, count: Int)

    /// Largest piece read from a file at a time while hashing it. 1 MiB.
    static let chunkSize = 1 << 20

    var count: Int {
        switch self {
        case let .memory(bytes): bytes.count
        case let .file(_, count): count
        }
    }

    /// The bytes in `range`, which must lie in the file; `what` names them in the error.
    func read(_ range: Range<Int>, _ what: String) throws(MetadataParseError) -> [UInt8] {
        try check(range, what)
        switch self {
        case let .memory(bytes):
            return Array(bytes[range])
        case .file:
            var result: [UInt8] = []
            result.reserveCapacity(range.count)
            try stream(range, what) { result.append(contentsOf: $0) }
            return result
        }
    }

    /// Hands the bytes in `range` to `body` in order, in pieces of at most `chunkSize` bytes from a
    /// file, or in one piece from memory.
    func stream(_ range: Range<Int>, _ what: String, _ body: (UnsafeRawBufferPointer) -> Void) throws(MetadataParseError) {
        try check(range, what)
        switch self {
        case let .memory(bytes):
            bytes[range].withUnsafeBytes(body)
        case let .file(handle, _):
            var position = range.lowerBound
            while position < range.upperBound {
                let chunk: Data?
                do {
                    try handle.seek(toOffset: UInt64(position))
                    chunk = try handle.read(upToCount: min(Self.chunkSize, range.upperBound - position))
                } catch {
                    throw .truncated("\(what) (\(error.localizedDescription))", offset: position)
                }
                // The file shrank since it was opened.
                guard let chunk, !chunk.isEmpty else { throw .truncated(what, offset: position) }
                chunk.withUnsafeBytes(body)
                position += chunk.count
            }
        }
    }

    private func check(_ range: Range<Int>, _ what: String) throws(MetadataParseError) {
        guard range.lowerBound >= 0, range.upperBound <= count else { throw .outOfRange(what, offset: range.lowerBound) }
    }
}

extension MetadataParseError {
    /// The same error with its byte offset moved by `base`, for a reader over a piece of the file.
    func shifted(by base: Int) -> MetadataParseError {
        switch self {
        case let .truncated(what, offset): .truncated(what, offset: offset + base)
        case let .outOfRange(what, offset): .outOfRange(what, offset: offset + base)
        case let .invalid(what, offset): .invalid(what, offset: offset + base)
        case .limitExceeded: self
        }
    }
}
