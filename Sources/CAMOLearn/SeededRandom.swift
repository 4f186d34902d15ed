/// SplitMix64: a tiny, fast, seedable generator so that fitting is reproducible on every platform.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates with this generator, spelled out so the order never depends on the standard library's choice.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next(upperBound: UInt64(i + 1))))
        }
    }

    /// `count` distinct indices from `0..<population`, in ascending order.
    mutating func sample(_ count: Int, from population: Int) -> [Int] {
        var indices = Array(0..<population)
        for i in 0..<min(count, population) {
            let j = i + Int(next(upperBound: UInt64(population - i)))
            indices.swapAt(i, j)
        }
        return indices.prefix(count).sorted()
    }
}
