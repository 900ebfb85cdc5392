import MFAGuardConsole
import Testing

@testable import MFAGuardKit

@Test func inputFailuresExitWithTwo() {
    #expect(MFAGuardFailure(.input, "bad").exitCode == 2)
    #expect(MFAGuardFailure(.aws, "bad").exitCode == 3)
}
