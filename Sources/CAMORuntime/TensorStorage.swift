import Foundation

/// An immutable, 64-byte aligned block of tensor bytes. Its address is stable for its lifetime, so
/// ONNX Runtime can borrow it for a run without a copy.
final class TensorStorage: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes and lets `fill` write them, once, before anyone else sees them.
    init(byteCount: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        self.byteCount = byteCount
        // At least one byte, so an empty tensor still has a valid address to hand over.
        bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        do {
            try fill(UnsafeMutableRawBufferPointer(start: bytes, count: byteCount))
        } catch {
            bytes.deallocate()
            throw error
        }
    }

    deinit { bytes.deallocate() }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: byteCount) }
}
