/// zlib/DEFLATE decompression (RFC 1950/1951) with a hard output bound, for PNG zTXt and
/// compressed iTXt chunks. Written out because Foundation on Linux exposes no zlib API, and
/// a bounded decoder is what hostile chunks need anyway.
struct Inflater {
    private let input: [UInt8]
    private var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount: UInt32 = 0
    private var output: [UInt8] = []
    private let maxOutput: Int

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: ArraySlice<Int>) throws(MetadataParseError) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left = left << 1 - counts[length]
                guard left >= 0 else { throw .invalid("over-subscribed Huffman code", offset: 0) }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Decompresses a zlib stream (2-byte header, DEFLATE data; the Adler-32 trailer is not checked).
    static func zlibDecompress(_ data: [UInt8], maxOutput: Int) throws(MetadataParseError) -> [UInt8] {
        guard data.count >= 2 else { throw .truncated("zlib header", offset: 0) }
        let cmf = Int(data[0]), flg = Int(data[1])
        guard cmf & 0x0F == 8, (cmf << 8 | flg) % 31 == 0, flg & 0x20 == 0 else {
            throw .invalid("bad zlib header", offset: 0)
        }
        var inflater = Inflater(input: data, position: 2, maxOutput: maxOutput)
        try inflater.run()
        return inflater.output
    }

    private init(input: [UInt8], position: Int, maxOutput: Int) {
        self.input = input
        self.position = position
        self.maxOutput = maxOutput
    }

    private mutating func bits(_ count: UInt32) throws(MetadataParseError) -> Int {
        while bitCount < count {
            guard position < input.count else { throw .truncated("deflate stream", offset: position) }
            bitBuffer |= UInt32(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer = count == 32 ? 0 : bitBuffer >> count
        bitCount -= count
        return Int(value)
    }

    private mutating func emit(_ byte: UInt8) throws(MetadataParseError) {
        guard output.count < maxOutput else { throw .limitExceeded("inflated text", limit: maxOutput) }
        output.append(byte)
    }

    private mutating func run() throws(MetadataParseError) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try fixed()
            case 2: try dynamic()
            default: throw .invalid("reserved deflate block type", offset: position)
            }
        }
    }

    private mutating func stored() throws(MetadataParseError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw .truncated("stored deflate block", offset: position) }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw .invalid("stored block length check failed", offset: position) }
        position += 4
        guard position + length <= input.count else { throw .truncated("stored deflate block", offset: position) }
        for i in position..<(position + length) { try emit(input[i]) }
        position += length
    }

    private mutating func fixed() throws(MetadataParseError) {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        let literal = try Huffman(lengths: lengths[...])
        let distance = try Huffman(lengths: [Int](repeating: 5, count: 30)[...])
        try codes(literal: literal, distance: distance)
    }

    private mutating func dynamic() throws(MetadataParseError) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .invalid("bad dynamic block header", offset: position) }
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeCount { codeLengths[Self.codeLengthOrder[i]] = try bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths[...])
        var lengths = [Int](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            var symbol = try decode(lengthCode)
            if symbol < 16 {
                lengths[index] = symbol
                index += 1
                continue
            }
            var repeated = 0
            switch symbol {
            case 16:
                guard index > 0 else { throw .invalid("length repeat with no previous length", offset: position) }
                repeated = lengths[index - 1]
                symbol = 3 + (try bits(2))
            case 17: symbol = 3 + (try bits(3))
            default: symbol = 11 + (try bits(7))
            }
            guard index + symbol <= lengths.count else { throw .invalid("too many code lengths", offset: position) }
            for _ in 0..<symbol {
                lengths[index] = repeated
                index += 1
            }
        }
        guard lengths[256] != 0 else { throw .invalid("no end-of-block code", offset: position) }
        let literal = try Huffman(lengths: lengths[0..<literalCount])
        let distance = try Huffman(lengths: lengths[literalCount...])
        try codes(literal: literal, distance: distance)
    }

    private mutating func decode(_ huffman: Huffman) throws(MetadataParseError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - count < first { return huffman.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw .invalid("invalid Huffman code", offset: position)
    }

    private mutating func codes(literal: Huffman, distance: Huffman) throws(MetadataParseError) {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                try emit(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let lengthIndex = symbol - 257
                guard lengthIndex < Self.lengthBase.count else { throw .invalid("invalid length symbol", offset: position) }
                let length = Self.lengthBase[lengthIndex] + (try bits(UInt32(Self.lengthExtra[lengthIndex])))
                let distanceSymbol = try decode(distance)
                guard distanceSymbol < Self.distanceBase.count else { throw .invalid("invalid distance symbol", offset: position) }
                let back = Self.distanceBase[distanceSymbol] + (try bits(UInt32(Self.distanceExtra[distanceSymbol])))
                guard back <= output.count else { throw .invalid("distance too far back", offset: position) }
                for _ in 0..<length { try emit(output[output.count - back]) }
            }
        }
    }
}
