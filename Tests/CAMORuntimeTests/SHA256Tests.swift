import CAMORuntime
import CAMOTesting
import Foundation
import Testing

struct SHA256Tests {
    /// FIPS 180-2 examples, including the two-block and the million-'a' messages.
    @Test func standardVectors() {
        #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Digests of the fixture models, from Python's hashlib.
    @Test func fixtureDigestsMatchHashlib() throws {
        let digests = try JSONDecoder().decode([String: String].self, from: Fixtures.data("runtime/sha256.json"))
        #expect(digests.count == 2)
        for (name, digest) in digests {
            #expect(SHA256.hexDigest([UInt8](try Fixtures.data("runtime/\(name)"))) == digest)
        }
    }
}
