import MFAGuardKit
import Testing

/// Which `mfaguard` a profile written by `configure mfa-profile` runs (`CLITests/Session/ConfigureProfileTests`
/// runs those profiles through the AWS CLI).
@Suite struct MFAGuardExecutableTests {
    /// Which program a profile runs, for the layouts `make release` and `make install` give.
    @Test func theFrontEndIsFoundBesideTheCoreOrUnderThePrefix() {
        let installed = MFAGuardExecutable.locate(
            core: "/opt/mg/libexec/mfaguard/mfaguard-commands", isExecutable: { $0 == "/opt/mg/bin/mfaguard" })
        #expect(installed == MFAGuardExecutable(path: "/opt/mg/bin/mfaguard"))
        #expect(installed.buildFolder == nil)
        let built = MFAGuardExecutable.locate(
            core: "/src/mfaguard/.build/release/mfaguard-commands", isExecutable: { _ in true })
        #expect(built.path == "/src/mfaguard/.build/release/mfaguard")
        #expect(built.buildFolder == ".build")
        // No front end: the core itself, which takes the same command lines.
        let alone = MFAGuardExecutable.locate(core: "/usr/lib/mg/mfaguard-commands", isExecutable: { _ in false })
        #expect(alone.path == "/usr/lib/mg/mfaguard-commands")
        #expect(
            MFAGuardExecutable(path: "/Users/a/Library/Developer/Xcode/DerivedData/x/mfaguard").buildFolder
                == "DerivedData")
    }
}
