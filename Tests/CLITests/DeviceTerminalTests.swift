import Foundation
import TestSupport
import Testing

/// `mfaguard device` at a terminal: codes and confirmations typed on a pseudo-terminal by
/// scripts/testing/tty_driver.py (codes computed by oathtool), Ctrl-C included; checked with boto3.
@Suite struct DeviceTerminalTests {
    let moto: BackgroundService
    let home: String
    let iam: DeviceIntegrationTests

    init() throws {
        iam = try DeviceIntegrationTests()
        moto = iam.moto
        home = iam.home
    }

    struct Session: Decodable {
        var status: Int
        var transcript: String
        var failure: String?
    }

    /// Runs `mfaguard arguments` on a pseudo-terminal, playing `steps` (see tty_driver.py).
    func atTerminal(_ steps: [String], _ arguments: [String]) throws -> Session {
        let driver = TestPaths.repoRoot.appendingPathComponent("scripts/testing/tty_driver.py").path
        let result = try ChildProcess.run(
            "python3",
            [driver] + steps.flatMap { ["--step", $0] } + ["--", try TestPaths.mfaguardBinary.path] + arguments,
            environment: Moto.environment(moto, home: home))
        #expect(result.status == 0, "\(result.stderr)")
        let session = try JSONDecoder().decode(Session.self, from: result.stdoutData)
        #expect(session.failure == nil, "\(session.failure ?? "") in: \(session.transcript)")
        return session
    }

    @Test func enrollAsksForTwoConsecutiveCodesOnTheTerminal() throws {
        let user = try iam.newUser("typed")
        let seed = home + "/\(user).seed"
        let session = try atTerminal(
            ["expect:First code", "totp:\(seed):-1", "expect:next code", "totp:\(seed):0", "expect:Enabled"],
            ["device", "enroll", "--user", user, "--secret-out", seed, "--no-qr"])
        #expect(session.status == 0, "\(session.transcript)")
        #expect(try iam.mfaSerials(of: user) == [iam.serial(user)])
    }

    @Test func codesThatAreNotConsecutiveAreRefusedLocallyAndTheDeviceIsDeleted() throws {
        let user = try iam.newUser("wrong")
        let session = try atTerminal(
            [
                "expect:First code", "line:000000", "expect:next code", "line:111111", "expect:try again",
                "expect:First code", "line:12345", "expect:next code", "line:111111", "expect:not 6 digits",
                "expect:First code", "line:000000", "expect:next code", "line:111111",
            ],
            ["device", "enroll", "--user", user, "--no-qr"])
        #expect(session.status == 2, "\(session.transcript)")
        #expect(session.transcript.contains("not two consecutive codes of this device"))
        #expect(session.transcript.contains("was deleted, nothing is left behind"))
        #expect(try iam.virtualDevices()[iam.serial(user)] == nil)
    }

    @Test func ctrlCWhileAskingForCodesDeletesTheNewDevice() throws {
        let user = try iam.newUser("ctrlc")
        let session = try atTerminal(
            ["expect:First code", "interrupt"], ["device", "enroll", "--user", user, "--no-qr"])
        #expect(session.status == 130, "\(session.transcript)")
        #expect(session.transcript.contains("interrupted; the new virtual device \(iam.serial(user)) was deleted"))
        #expect(try iam.virtualDevices()[iam.serial(user)] == nil)
        #expect(try iam.mfaSerials(of: user).isEmpty)
    }

    @Test func deactivationNeedsAYesOnTheTerminal() throws {
        let user = try iam.newUser("confirm")
        let enrolled = try iam.mfaguard(
            ["device", "enroll", "--user", user, "--secret-out", home + "/\(user).seed", "--compute-codes", "--no-qr"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let refused = try atTerminal(
            ["expect:[y/N]", "line:n"], ["device", "deactivate", "--user", user, "--serial", iam.serial(user)])
        #expect(refused.status == 2, "\(refused.transcript)")
        #expect(refused.transcript.contains("not confirmed"))
        #expect(try iam.mfaSerials(of: user) == [iam.serial(user)])

        let accepted = try atTerminal(
            ["expect:[y/N]", "line:yes"], ["device", "deactivate", "--user", user, "--serial", iam.serial(user)])
        #expect(accepted.status == 0, "\(accepted.transcript)")
        #expect(try iam.mfaSerials(of: user).isEmpty)
    }
}
