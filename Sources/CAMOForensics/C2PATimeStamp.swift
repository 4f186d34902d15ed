import Foundation

/// The signing time an RFC 3161 time-stamp token in a C2PA signature asserts (`sigTst`/`sigTst2`
/// → `tstTokens` → `val`). Only read, never verified: the time-stamp authority's CMS signature and
/// the token's message imprint are not checked, so the time is a claim by whoever wrote the file.
enum C2PATimeStamp {
    /// The tokens in a COSE unprotected header.
    static func tokens(_ unprotected: CBORValue) -> [[UInt8]] {
        ["sigTst2", "sigTst"].flatMap { key in
            (unprotected[key]?["tstTokens"]?.array ?? []).compactMap { $0["val"]?.bytes }
        }
    }

    /// The TSTInfo `genTime` of a token: the first DER GeneralizedTime in the token, since the
    /// encapsulated TSTInfo precedes the certificates and signer infos in a SignedData (RFC 5652).
    static func assertedTime(_ token: [UInt8]) -> Date? {
        var index = 0
        while index + 2 < token.count {
            let length = Int(token[index + 1])
            if token[index] == 0x18, (15...24).contains(length), index + 2 + length <= token.count,
               let date = generalizedTime(token[(index + 2)..<(index + 2 + length)]) {
                return date
            }
            index += 1
        }
        return nil
    }

    /// `YYYYMMDDHHMMSS[.f…]Z`, UTC.
    private static func generalizedTime(_ bytes: ArraySlice<UInt8>) -> Date? {
        guard bytes.last == UInt8(ascii: "Z") else { return nil }
        let digits = bytes.prefix(14)
        guard digits.count == 14, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let number = { (from: Int, count: Int) -> Int in
            digits.dropFirst(from).prefix(count).reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (number(0, 4), number(4, 2), number(6, 2))
        (components.hour, components.minute, components.second) = (number(8, 2), number(10, 2), number(12, 2))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
