/// Writes bytes the way dlib's `serialize` does (dlib/serialize.h, dlib/float_details.h), so
/// tests can build small shape predictor models and corrupt them on purpose.
struct DlibModelWriter {
    private(set) var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        var magnitude: [UInt8] = []
        repeat {
            magnitude.append(UInt8(rest & 0xFF))
            rest >>= 8
        } while rest != 0
        bytes.append(UInt8(magnitude.count))
        bytes += magnitude
    }

    mutating func signed(_ value: Int64) {
        let start = bytes.count
        unsigned(value.magnitude)
        if value < 0 { bytes[start] |= 0x80 }
    }

    /// dlib's `float_details`: a 24-bit mantissa and its exponent, with trailing zero bytes of
    /// the mantissa shifted off.
    mutating func float(_ value: Float) {
        guard value.isFinite else {
            signed(0)
            signed(value.isNaN ? 32002 : value > 0 ? 32000 : 32001)
            return
        }
        var mantissa: Int64 = 0
        var exponent = -24
        if value != 0 {
            mantissa = Int64(value.significand * 8_388_608) * (value.sign == .minus ? -1 : 1)
            exponent = Int(value.exponent) - 23
        }
        for _ in 0..<8 where mantissa & 0xFF == 0 {
            mantissa >>= 8
            exponent += 8
        }
        signed(mantissa)
        signed(Int64(exponent))
    }

    /// A `dlib::matrix<float,0,1>` in dlib's newer format (negated dimensions).
    mutating func column(_ values: [Float]) {
        signed(-Int64(values.count))
        signed(-1)
        values.forEach { float($0) }
    }

    struct Tree {
        var splits: [(first: UInt64, second: UInt64, threshold: Float)]
        var leaves: [[Float]]
    }

    struct Level {
        var trees: [Tree]
        var anchors: [UInt64]
        var deltas: [(Float, Float)]
    }

    /// A whole `dlib::shape_predictor`, version 1.
    static func model(initialShape: [Float], levels: [Level]) -> [UInt8] {
        var writer = DlibModelWriter()
        writer.signed(1)
        writer.column(initialShape)
        writer.unsigned(UInt64(levels.count))
        for level in levels {
            writer.unsigned(UInt64(level.trees.count))
            for tree in level.trees {
                writer.unsigned(UInt64(tree.splits.count))
                for split in tree.splits {
                    writer.unsigned(split.first)
                    writer.unsigned(split.second)
                    writer.float(split.threshold)
                }
                writer.unsigned(UInt64(tree.leaves.count))
                tree.leaves.forEach { writer.column($0) }
            }
        }
        writer.unsigned(UInt64(levels.count))
        for level in levels {
            writer.unsigned(UInt64(level.anchors.count))
            level.anchors.forEach { writer.unsigned($0) }
        }
        writer.unsigned(UInt64(levels.count))
        for level in levels {
            writer.unsigned(UInt64(level.deltas.count))
            for (dx, dy) in level.deltas {
                writer.float(dx)
                writer.float(dy)
            }
        }
        return writer.bytes
    }
}
