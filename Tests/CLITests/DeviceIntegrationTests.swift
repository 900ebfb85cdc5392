import Foundation
import TestSupport
import Testing

/// `mfaguard device` end to end: the built binary against moto, checked through the IAM API with boto3
/// (never through our own output). Each test works on users of its own, so the emulator can be shared.
@Suite struct DeviceIntegrationTests {
    let moto: BackgroundService
    let home: String

    init() throws {
        moto = try Moto.shared()
        home = try makeTemporaryDirectory("device-home")
    }

    /// Runs `mfaguard` in a session of its own (`setsid`), so it has no terminal to prompt on.
    func mfaguard(_ arguments: [String], endpoint: String? = nil, extra: [String: String?] = [:]) throws
        -> ChildProcess.Result
    {
        var changes = extra
        if let endpoint { changes["AWS_ENDPOINT_URL"] = endpoint }
        return try ChildProcess.run(
            "setsid", ["-w", try TestPaths.mfaguardBinary.path] + arguments,
            environment: Moto.environment(moto, home: home, extra: changes))
    }

    /// Runs boto3 against the emulator: `code` sets `result`, which comes back decoded from JSON.
    func iam(_ code: String) throws -> Any {
        let script = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                               aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="testsecret")
            \(code)
            print(json.dumps(result, default=str))
            """
        let output = try ChildProcess.python(script, [moto.url])
        guard output.status == 0 else { throw TestSupportError("boto3 failed: \(output.stderr)") }
        return try JSONSerialization.jsonObject(with: output.stdoutData, options: [.fragmentsAllowed])
    }

    func newUser(_ prefix: String) throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try iam("result = iam.create_user(UserName='\(name)')['User']['UserName']")
        return name
    }

    func mfaSerials(of user: String) throws -> [String] {
        try #require(
            try iam("result = [d['SerialNumber'] for d in iam.list_mfa_devices(UserName='\(user)')['MFADevices']]")
                as? [String])
    }

    /// Every virtual device of the account: serial → user name (empty when unassigned).
    func virtualDevices() throws -> [String: String] {
        try #require(
            try iam(
                """
                result = {d['SerialNumber']: d.get('User', {}).get('UserName', '')
                          for d in iam.list_virtual_mfa_devices(AssignmentStatus='Any')['VirtualMFADevices']}
                """) as? [String: String])
    }

    func serial(_ name: String) -> String { "arn:aws:iam::123456789012:mfa/\(name)" }

    /// One `mfaguard: ` line (after the stored-seed warning, when there is one).
    func expectOneLineError(_ result: ChildProcess.Result, status: Int32, containing text: String) {
        #expect(result.status == status, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("mfaguard: ") == true && result.stderr.contains(text), "\(result.stderr)")
    }

    @Test func enrollWithComputedCodesAssignsTheDeviceAndStoresTheSeedPrivately() throws {
        let user = try newUser("enroll")
        let seedFile = home + "/\(user).seed"
        let result = try mfaguard(["device", "enroll", "--user", user, "--secret-out", seedFile, "--compute-codes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try mfaSerials(of: user) == [serial(user)])
        #expect(try virtualDevices()[serial(user)] == user)

        let attributes = try FileManager.default.attributesOfItem(atPath: seedFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(result.stderr.contains("warning: \(seedFile) holds the device's seed"))
        let seed = try String(contentsOfFile: seedFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // oathtool accepts it as a Base32 TOTP seed, and it is printed nowhere.
        let code = try ChildProcess.run("oathtool", ["--totp", "-b", seed])
        #expect(code.status == 0 && code.stdout.count == 7, "\(code.stderr)")
        #expect(!result.stdout.contains(seed) && !result.stderr.contains(seed))
        // The terminal QR code is there (half blocks) with the serial.
        #expect(result.stdout.contains("▀") || result.stdout.contains("▄"))
        #expect(result.stdout.contains(serial(user)))
    }

    @Test func enrollDefaultsToTheCallingUser() throws {
        let user = try newUser("self")
        let key = try #require(
            try iam(
                """
                k = iam.create_access_key(UserName='\(user)')['AccessKey']
                result = [k['AccessKeyId'], k['SecretAccessKey']]
                """) as? [String])
        let result = try mfaguard(
            ["device", "enroll", "--secret-out", home + "/\(user).seed", "--compute-codes", "--no-qr"],
            extra: ["AWS_ACCESS_KEY_ID": key[0], "AWS_SECRET_ACCESS_KEY": key[1]])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try mfaSerials(of: user) == [serial(user)])
    }

    @Test func callerThatIsNoIAMUserMustNameTheUser() throws {
        // moto answers GetCallerIdentity for unknown keys with arn:aws:sts::123456789012:user/moto.
        let result = try mfaguard(["device", "list"])
        expectOneLineError(result, status: 2, containing: "name the IAM user with --user")
    }

    @Test func enableRejectedByAWSLeavesNoVirtualDevice() throws {
        let user = try newUser("reject")
        let proxy = try FaultProxy.start(
            upstream: moto,
            failActions: ["EnableMFADevice:InvalidAuthenticationCode:Authentication code for device is not valid."])
        let result = try mfaguard(
            ["device", "enroll", "--user", user, "--secret-out", home + "/\(user).seed", "--compute-codes"],
            endpoint: proxy.url)
        expectOneLineError(result, status: 3, containing: "AWS rejected the codes")
        #expect(result.stderr.contains("was deleted, nothing is left behind"))
        #expect(try virtualDevices()[serial(user)] == nil)
        #expect(try mfaSerials(of: user).isEmpty)
        let stats = try FaultProxy.stats(proxy)
        #expect(stats.actions["CreateVirtualMFADevice"] == 1)
        #expect(stats.actions["DeleteVirtualMFADevice"] == 1)
        #expect(stats.faults["fail-action:EnableMFADevice"] == 1)
        #expect(stats.signature_failures.isEmpty)
    }

    @Test func deactivateThenDeleteRoundTrip() throws {
        let user = try newUser("round")
        _ = try iam(
            """
            s = iam.create_virtual_mfa_device(VirtualMFADeviceName='\(user)')['VirtualMFADevice']['SerialNumber']
            iam.enable_mfa_device(UserName='\(user)', SerialNumber=s, AuthenticationCode1='123456',
                                  AuthenticationCode2='654321')
            result = s
            """)
        let device = serial(user)

        let refused = try mfaguard(["device", "delete", "--serial", device, "--yes"])
        expectOneLineError(refused, status: 2, containing: "is assigned to \(user): pass --deactivate")
        #expect(try virtualDevices()[device] == user)

        let unconfirmed = try mfaguard(["device", "deactivate", "--user", user, "--serial", device])
        expectOneLineError(unconfirmed, status: 2, containing: "no terminal to confirm on; pass --yes")
        #expect(try mfaSerials(of: user) == [device])

        let deactivated = try mfaguard(["device", "deactivate", "--user", user, "--serial", device, "--yes"])
        #expect(deactivated.status == 0, "\(deactivated.stderr)")
        #expect(try mfaSerials(of: user).isEmpty)
        #expect(try virtualDevices()[device] == "")

        let deleted = try mfaguard(["device", "delete", "--serial", device, "--yes"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try virtualDevices()[device] == nil)

        let again = try mfaguard(["device", "delete", "--serial", device, "--yes"])
        expectOneLineError(again, status: 2, containing: "there is no virtual MFA device")
    }

    @Test func deleteWithDeactivateRemovesAnAssignedDevice() throws {
        let user = try newUser("deact")
        let enrolled = try mfaguard(
            ["device", "enroll", "--user", user, "--secret-out", home + "/\(user).seed", "--compute-codes", "--no-qr"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let deleted = try mfaguard(["device", "delete", "--serial", serial(user), "--deactivate", "--yes"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try mfaSerials(of: user).isEmpty)
        #expect(try virtualDevices()[serial(user)] == nil)
    }

    @Test func listShowsKindsOfVirtualAndHardwareDevices() throws {
        let user = try newUser("list")
        let hardwareUser = try newUser("token")
        let spare = "spare-\(user)"
        let hardwareSerial = "GAHT" + String(UInt32.random(in: 10_000_000...99_999_999))
        _ = try iam(
            """
            s = iam.create_virtual_mfa_device(VirtualMFADeviceName='\(user)')['VirtualMFADevice']['SerialNumber']
            iam.enable_mfa_device(UserName='\(user)', SerialNumber=s, AuthenticationCode1='123456',
                                  AuthenticationCode2='654321')
            iam.create_virtual_mfa_device(VirtualMFADeviceName='\(spare)')
            iam.enable_mfa_device(UserName='\(hardwareUser)', SerialNumber='\(hardwareSerial)',
                                  AuthenticationCode1='123456', AuthenticationCode2='654321')
            result = s
            """)
        let all = try mfaguard(["device", "list", "--all", "--format", "json"])
        #expect(all.status == 0, "\(all.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: all.stdoutData) as? [String: Any])
        let devices = try #require(json["devices"] as? [[String: Any]])
        let bySerial = Dictionary(uniqueKeysWithValues: devices.map { ($0["serialNumber"] as? String ?? "", $0) })
        #expect(bySerial[serial(user)]?["kind"] as? String == "virtual")
        #expect(bySerial[serial(user)]?["user"] as? String == user)
        #expect(bySerial[serial(user)]?["enableDate"] is String)
        #expect(bySerial[serial(spare)]?["kind"] as? String == "virtual")
        #expect(bySerial[serial(spare)]?["assigned"] as? Bool == false)
        #expect(bySerial[serial(spare)]?["user"] is NSNull)
        #expect(bySerial[hardwareSerial]?["kind"] as? String == "hardware-totp")
        #expect(bySerial[hardwareSerial]?["user"] as? String == hardwareUser)

        let table = try mfaguard(["device", "list", "--user", hardwareUser])
        #expect(table.status == 0, "\(table.stderr)")
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix(hardwareSerial) })
        #expect(row.contains("hardware TOTP") && row.contains(hardwareUser))
    }

    @Test func malformedCodesAndUnknownSerialsAreInputErrors() throws {
        let user = try newUser("input")
        let badCode = try mfaguard(
            ["device", "enable", "--user", user, "--serial", serial(user), "--code1", "12345", "--code2", "123456"])
        #expect(badCode.status == 2, "\(badCode.stderr)")
        #expect(badCode.stderr.contains("'12345' is not 6 digits"))

        let unknown = try mfaguard(
            [
                "device", "enable", "--user", user, "--serial", serial("nobody-\(user)"), "--code1", "123456",
                "--code2", "654321",
            ])
        expectOneLineError(unknown, status: 2, containing: "there is no virtual MFA device")

        let noDevice = try mfaguard(["device", "resync", "--user", user, "--serial", "GAHT00000001", "--yes"])
        expectOneLineError(noDevice, status: 2, containing: "user \(user) has no MFA device GAHT00000001")
    }

    @Test func enableWithSecretFileAssignsACreatedDevice() throws {
        let user = try newUser("enable")
        let seedFile = home + "/\(user).seed"
        let created = try mfaguard(
            [
                "device", "create", "--user", user, "--secret-out", seedFile, "--format", "json", "--png",
                home + "/\(user).png", "--debug",
            ])
        #expect(created.status == 0, "\(created.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: created.stdoutData) as? [String: String])
        #expect(json["serialNumber"] == serial(user))
        #expect(json["seed"] == nil)
        #expect(try virtualDevices()[serial(user)] == "")
        // zbarimg reads the PNG back as AWS's key URI for this user and the stored seed.
        let seed = try String(contentsOfFile: seedFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // --debug logs the CreateVirtualMFADevice answer, with the seed redacted.
        #expect(created.stderr.contains("CreateVirtualMFADevice") && created.stderr.contains("<redacted>"))
        #expect(!created.stderr.contains(seed) && !created.stdout.contains(seed))
        let decoded = try ChildProcess.run("zbarimg", ["--raw", "-q", home + "/\(user).png"])
        #expect(
            decoded.stdout.trimmingCharacters(in: .newlines)
                == "otpauth://totp/Amazon%20Web%20Services:\(user)@123456789012?secret=\(seed)"
                + "&issuer=Amazon%20Web%20Services")

        let enabled = try mfaguard([
            "device", "enable", "--user", user, "--serial", serial(user), "--secret-file", seedFile,
        ])
        #expect(enabled.status == 0, "\(enabled.stderr)")
        #expect(try mfaSerials(of: user) == [serial(user)])
    }
}
