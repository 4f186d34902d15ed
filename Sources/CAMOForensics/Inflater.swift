import CZlib

/// zlib decompression (RFC 1950) for PNG zTXt and compressed iTXt chunks, through the system
/// zlib that every image library trusts with hostile streams. The output is bounded while
/// inflating: zlib writes 64 kB at a time, so a bomb stops at the limit instead of
/// allocating what it would expand to.
enum Inflater {
    /// Most bytes zlib writes per call, into a scratch buffer that is copied out after each call.
    private static let step = 64 << 10

    /// Decompresses a complete zlib stream (header, DEFLATE data and Adler-32 trailer, which zlib
    /// checks). Bytes after the end of the stream are ignored, as PNG readers ignore them.
    static func zlibDecompress(_ data: [UInt8], maxOutput: Int) throws(MetadataParseError) -> [UInt8] {
        // zlib counts input in 32-bit units; PNG chunks are below 2 GiB, so one feed always fits.
        guard data.count <= Int(UInt32.max) else { throw .limitExceeded("zlib stream size", limit: Int(UInt32.max)) }
        // One byte of room past the limit is how an over-long stream is noticed, so keep that sum finite.
        let maxOutput = min(max(0, maxOutput), Int.max - 1)
        var stream = z_stream()
        // 15: the zlib wrapper with any window size up to 32 KiB, which is what PNG text chunks carry.
        let started = inflateInit2_(&stream, 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw .invalid("zlib could not start inflating (code \(started))", offset: 0) }
        defer { inflateEnd(&stream) }
        return try data.withUnsafeBufferPointer { input throws(MetadataParseError) in
            // zlib never writes through next_in; its header declares it mutable only without Z_CONST.
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            return try drain(&stream, total: input.count, maxOutput: maxOutput)
        }
    }

    private static func drain(_ stream: inout z_stream, total: Int, maxOutput: Int) throws(MetadataParseError) -> [UInt8] {
        var output: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: min(step, maxOutput + 1))
        while true {
            // Room for one byte past the limit: if zlib fills it, the stream exceeds the limit.
            let room = min(scratch.count, maxOutput + 1 - output.count)
            let (status, produced) = scratch.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(room)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, room - Int(stream.avail_out))
            }
            guard output.count + produced <= maxOutput else { throw .limitExceeded("inflated text", limit: maxOutput) }
            if output.capacity < output.count + produced {
                // Grow by doubling as append would, but never past the limit.
                output.reserveCapacity(min(max(2 * output.capacity, output.count + produced), maxOutput))
            }
            output.append(contentsOf: scratch[..<produced])
            switch status {
            case Z_STREAM_END:
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw .truncated("zlib stream", offset: total)
            case Z_NEED_DICT:
                throw .invalid("zlib stream asks for a preset dictionary", offset: Int(stream.total_in))
            default:
                // Z_DATA_ERROR and friends: zlib's message names the fault (bad header, block type,
                // distance, checksum); total_in is how far into the stream it read before finding it.
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw .invalid("zlib stream: \(reason)", offset: Int(stream.total_in))
            }
        }
    }
}
