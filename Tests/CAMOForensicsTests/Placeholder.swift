import Testing
import CAMOForensics
@Test func placeholder() { #expect(Bool(true)) }
