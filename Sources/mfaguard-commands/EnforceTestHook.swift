import Foundation
import MFAGuardKit

/// A test hook, documented in docs/enforce.md: `MFAGUARD_TEST_EXIT_AT=intent:N` or `call:N` makes
/// `enforce apply` end the process with `_exit(99)` at that checkpoint of step N, as a kill would (no
/// cleanup, no journal write after it). The integration tests use it to prove that a journal left at any
/// point converges on rollback or re-apply. Unset, it does nothing.
enum EnforceTestHook {
    static let variable = "MFAGUARD_TEST_EXIT_AT"

    static func checkpoint(environment: [String: String]) -> @Sendable (EnforcementApplier.Checkpoint) -> Void {
        guard let value = environment[variable] else { return { _ in } }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let number = Int(parts[1]) else { return { _ in } }
        let target: EnforcementApplier.Checkpoint
        switch parts[0] {
        case "intent": target = .intentRecorded(step: number)
        case "call": target = .callReturned(step: number)
        default: return { _ in }
        }
        return { point in
            if point == target { _exit(99) }
        }
    }
}
