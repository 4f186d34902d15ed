import Testing
import CAMOGate
@Test func placeholder() { #expect(Bool(true)) }
