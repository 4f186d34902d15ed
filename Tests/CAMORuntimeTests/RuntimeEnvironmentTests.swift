import CAMORuntime
import Foundation
import Testing

@Suite(.enabled(if: RuntimeTestSupport.onnxRuntimeInstalled))
struct RuntimeEnvironmentTests {
    /// One environment per process: its options can be restated but not changed once it exists.
    @Test func optionsAreFixedOnceCreated() throws {
        let environment = try RuntimeEnvironment.shared()
        #expect(try RuntimeEnvironment.shared() === environment)
        try RuntimeEnvironment.configure(environment.options)
        var other = environment.options
        other.intraOpThreads += 1
        #expect(throws: RuntimeError.environmentAlreadyCreated) {
            try RuntimeEnvironment.configure(other)
        }
    }

    /// Every core, and no spinning: several images run at once, and idle threads must leave the cores to them.
    @Test func defaultPoolUsesEveryCoreWithoutSpinning() {
        #expect(RuntimeEnvironment.Options().intraOpThreads == ProcessInfo.processInfo.activeProcessorCount)
        #expect(RuntimeEnvironment.Options(intraOpThreads: 0).intraOpThreads == 1)
        #expect(!RuntimeEnvironment.Options().allowSpinning)
    }
}
