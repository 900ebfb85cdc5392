import AWSClient

/// Rules about the root user, console users and MFA devices: they read the credential report and
/// the device lists, not policies.
enum AccountRules {
    static func rootMFA(_ context: AuditContext) -> [Finding] {
        let snapshot = context.snapshot
        let rootARN = "arn:\(context.partition):iam::\(context.account):root"
        let summary = snapshot.accountSummary
        let mfaEnabled = snapshot.credentialReport?.root?.mfaActive ?? summary["AccountMFAEnabled"].map { $0 == 1 }
        guard mfaEnabled == false else { return [] }
        // CIS v5.0+: a root user without password and access keys (centralized root access) cannot sign in.
        let passwordPresent = summary["AccountPasswordPresent"].map { $0 == 1 }
        let keysPresent =
            summary["AccountAccessKeysPresent"].map { $0 == 1 } ?? snapshot.credentialReport?.root?.hasActiveAccessKey
        if passwordPresent == false && keysPresent == false { return [] }
        let known = passwordPresent == nil ? " (whether it still has a password is not known)" : ""
        return [
            Finding(
                rule: .rootMFA, resource: rootARN, principal: "root", title: "The root user has no MFA device",
                detail: "Anyone with the root password can sign in without a second factor\(known)"
                    + (keysPresent == true ? "; the root user also has access keys." : "."),
                remediation: "Sign in as the root user and assign a hardware MFA device (IAM console → "
                    + "Security credentials → Assign MFA device); no API can do it for the root user")
        ]
    }

    static func rootHardwareMFA(_ context: AuditContext) -> [Finding] {
        let rootARN = "arn:\(context.partition):iam::\(context.account):root"
        let virtual = context.snapshot.virtualMFADevices.filter {
            $0.userARN == rootARN || $0.userARN?.hasSuffix(":root") == true
        }
        return virtual.map { device in
            Finding(
                rule: .rootHardwareMFA, resource: rootARN, principal: "root",
                title: "The root user's MFA device is virtual",
                detail: "Virtual MFA device \(device.serialNumber) protects the root user; a hardware TOTP token "
                    + "or FIDO security key cannot be copied with the phone or laptop it lives on.",
                remediation: "Sign in as the root user, assign a hardware TOTP token or FIDO security key, then "
                    + "remove virtual device \(device.serialNumber)")
        }
    }

    static func consoleUserMFA(_ context: AuditContext) -> [Finding] {
        context.users.compactMap { user in
            guard let row = user.row, row.hasPassword == true, !row.mfaActive else { return nil }
            let lastUsed = row.passwordLastUsed.hasPrefix("20") ? " (password last used \(row.passwordLastUsed))" : ""
            return Finding(
                rule: .consoleUserMFA, resource: user.detail.arn, principal: user.detail.userName,
                title: "Console user \(user.detail.userName) has no MFA device",
                detail: "\(user.detail.userName) signs in to the console with a password alone\(lastUsed).",
                remediation: "mfaguard device enroll --user \(user.detail.userName)")
        }
    }

    static func orphanVirtualMFA(_ context: AuditContext) -> [Finding] {
        context.snapshot.virtualMFADevices.filter { $0.userName == nil && $0.userARN == nil }.map { device in
            Finding(
                rule: .orphanVirtualMFA, resource: device.serialNumber, principal: nil,
                title:
                    "Virtual MFA device \(device.serialNumber.split(separator: "/").last ?? "") is assigned to no one",
                detail: "Left over from an enrolment that was not finished; its seed may still exist on a phone "
                    + "or in a file.",
                remediation: "mfaguard device delete --serial \(device.serialNumber) --yes")
        }
    }
}
