import Foundation

/// The cascade's leaf offsets, 130 MB of floats in the 68-point model: parsed into an array, or
/// read in place from a memory-mapped compact file, whose pages the kernel loads only as the trees
/// reach them (a few megabytes per face) and shares between processes.
struct LeafTable: Sendable {
    private enum Storage: @unchecked Sendable {
        case array([Float])
        /// `data` is a mapped file that is never mutated; the floats start `offset` bytes in.
        case mapped(Data, offset: Int)
    }

    private let storage: Storage
    let count: Int

    init(_ values: [Float]) {
        storage = .array(values)
        count = values.count
    }

    /// `count` floats, little-endian, 4-byte aligned at `offset` in `data`.
    init(mapping data: Data, offset: Int, count: Int) {
        storage = .mapped(data, offset: offset)
        self.count = count
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch storage {
        case let .array(values):
            return try values.withUnsafeBufferPointer(body)
        case let .mapped(data, offset):
            return try data.withUnsafeBytes { raw in
                let floats = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * MemoryLayout<Float>.stride)])
                return try body(floats.assumingMemoryBound(to: Float.self))
            }
        }
    }
}
