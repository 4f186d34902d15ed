/// OpenCV's `saturate_cast<uchar>(float)` and NumPy's `np.clip(x, 0, 255).round().astype(np.uint8)`
/// agree: round to nearest with ties to even, then clamp. NaN, which neither defines, becomes 0.
@inline(__always)
func roundedByte(_ value: Float) -> UInt8 {
    guard !value.isNaN else { return 0 }
    let rounded = value.rounded(.toNearestOrEven)
    if rounded <= 0 { return 0 }
    if rounded >= 255 { return 255 }
    return UInt8(rounded)
}
