import MFAGuardKit
import Testing

/// Serial numbers as IAM writes them for each kind of device.
struct DeviceKindTests {
    @Test(arguments: [
        ("arn:aws:iam::123456789012:mfa/alice", MFADeviceKind.virtual),
        ("arn:aws:iam::123456789012:mfa/team/alice-phone", .virtual),
        ("arn:aws-us-gov:iam::123456789012:mfa/alice", .virtual),
        ("arn:aws:iam::123456789012:mfa/root-account-mfa-device", .virtual),
        ("arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ", .fido),
        ("GAHT12345678", .hardwareTOTP),
        ("SHVA98765432", .hardwareTOTP),
        ("arn:aws:iam::123456789012:sms-mfa/alice", .sms),
        ("arn:aws:iam::123456789012:user/alice", .unknown),
        ("arn:aws:s3:::bucket/mfa/x", .unknown),
        ("", .unknown),
    ])
    func classifiesSerialNumbers(serial: String, kind: MFADeviceKind) {
        #expect(MFADeviceKind.classify(serialNumber: serial) == kind)
    }

    @Test(arguments: [
        ("arn:aws:iam::123456789012:user/alice", "alice"),
        ("arn:aws:iam::123456789012:user/division/team/bob", "bob"),
        ("arn:aws-cn:iam::123456789012:user/carol", "carol"),
    ])
    func callerUserNameIsTheLastPathComponent(arn: String, user: String) throws {
        #expect(try DeviceManager.userName(fromCallerARN: arn) == user)
    }

    @Test(arguments: [
        ("arn:aws:iam::123456789012:root", "root user"),
        ("arn:aws:sts::123456789012:assumed-role/admin/session", "role session"),
        ("arn:aws:sts::123456789012:federated-user/dave", "not an IAM user"),
    ])
    func callerThatIsNoIAMUserNeedsUserOption(arn: String, reason: String) {
        #expect {
            try DeviceManager.userName(fromCallerARN: arn)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("--user")
        }
    }
}
