import CZlib

/// zlib streams made by the system zlib, so the inflater is tested against the encoder real PNG
/// writers use rather than against bytes written by hand.
enum ZlibStreams {
    struct Failure: Error {
        let call: String
        let code: Int32
    }

    /// `bytes` as one zlib stream, by `compress2` at `level` (0 gives stored blocks).
    static func compress(_ bytes: [UInt8], level: Int32 = Z_BEST_COMPRESSION) throws(Failure) -> [UInt8] {
        var size = compressBound(UInt(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&output, &size, bytes, UInt(bytes.count), level)
        guard status == Z_OK else { throw Failure(call: "compress2", code: status) }
        return Array(output[..<Int(size)])
    }

    /// `count` zero bytes as one zlib stream, deflated a megabyte at a time so the test never holds
    /// what the stream expands to.
    static func zeros(_ count: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        let started = deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15, 8, Z_RLE, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw Failure(call: "deflateInit2", code: started) }
        defer { deflateEnd(&stream) }
        let piece = [UInt8](repeating: 0, count: 1 << 20)
        var window = [UInt8](repeating: 0, count: 1 << 16)
        var output: [UInt8] = []
        var left = count
        repeat {
            let take = min(left, piece.count)
            left -= take
            let flush = left == 0 ? Z_FINISH : Z_NO_FLUSH
            try piece.withUnsafeBufferPointer { input throws(Failure) in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(take)
                // As zlib's own example does: call again while deflate fills the whole window.
                repeat {
                    let (status, produced) = window.withUnsafeMutableBufferPointer { buffer in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = UInt32(buffer.count)
                        return (deflate(&stream, flush), buffer.count - Int(stream.avail_out))
                    }
                    guard status != Z_STREAM_ERROR else { throw Failure(call: "deflate", code: status) }
                    output += window[..<produced]
                } while stream.avail_out == 0
            }
        } while left > 0
        return output
    }
}
