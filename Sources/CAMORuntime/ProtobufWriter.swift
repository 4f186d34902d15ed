/// Writes the few protobuf field kinds `TensorProto.encode` needs.
struct ProtobufWriter {
    private(set) var output: [UInt8] = []

    mutating func varint(field: Int, _ value: UInt64) {
        rawVarint(UInt64(field << 3))
        rawVarint(value)
    }

    mutating func bytes(field: Int, _ value: some Collection<UInt8>) {
        rawVarint(UInt64(field << 3 | 2))
        rawVarint(UInt64(value.count))
        output.append(contentsOf: value)
    }

    private mutating func rawVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
