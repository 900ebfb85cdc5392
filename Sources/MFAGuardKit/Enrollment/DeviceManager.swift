import AWSClient
import Foundation
import IAMPolicy
import MFAGuardConsole
import OTP
import QuickCommands

/// What `mfaguard device` does with IAM: create, enable, enrol, resync, deactivate and delete MFA devices,
/// for a named user or the caller (so a user with only self-service permissions can enrol themselves).
public struct DeviceManager: Sendable {
    /// The IAM client of the session: device calls and `ListVirtualMFADevices` checks.
    public var iam: IAM
    /// The STS client of the session: `GetCallerIdentity` for the caller's user name and account.
    public var sts: STS
    /// Where prompted codes are asked for (`AuthenticationCodeSource.prompt`); confirmations are `DeviceFlows`'.
    public var console: Console
    /// The current Unix time in seconds.
    public var now: @Sendable () -> Int64

    /// A manager on `session`'s IAM and STS clients; `now` defaults to the system clock.
    public init(
        session: AWSSession, console: Console = .standard,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.iam = session.iam
        self.sts = session.sts
        self.console = console
        self.now = now
    }

    // MARK: Who

    /// `explicit`, else the caller's user name (`GetCallerIdentity`).
    public func user(_ explicit: String?) async throws -> String {
        if let explicit { return explicit }
        return try Self.userName(fromCallerARN: try await sts.getCallerIdentity().arn)
    }

    /// The IAM user name in `arn:PARTITION:iam::ACCOUNT:user/PATH/NAME`.
    /// - Throws: `MFAGuardFailure(.input)` for the root user, a role session or anything else.
    public static func userName(fromCallerARN arn: String) throws(MFAGuardFailure) -> String {
        let parsed = ARN(arn)
        if let parsed, parsed.service == "iam", parsed.resource.hasPrefix("user/"), parsed.resource.count > 5 {
            return String(parsed.resourceName)
        }
        let who =
            parsed?.resource == "root"
            ? "the account's root user"
            : parsed?.resource.hasPrefix("assumed-role/") == true
                ? "a role session" : "not an IAM user"
        throw MFAGuardFailure(.input, "the caller (\(arn)) is \(who): name the IAM user with --user")
    }

    // MARK: Create, enable, enrol

    /// `CreateVirtualMFADevice` named `name` (default: the user's name), with the key URI for `user`.
    public func create(user: String, name: String?) async throws -> NewVirtualDevice {
        let account = try await sts.getCallerIdentity().account
        let deviceName = name ?? user
        let created: CreatedVirtualMFADevice
        do {
            created = try await iam.createVirtualMFADevice(name: deviceName)
        } catch let error as AWSServiceError where error.code == "EntityAlreadyExists" {
            throw MFAGuardFailure(
                .aws, "a virtual MFA device named '\(deviceName)' exists already: choose another with --name")
        }
        let secret: [UInt8]
        do { secret = try Base32.decode(created.base32Seed) } catch {
            throw MFAGuardFailure(.aws, "IAM.CreateVirtualMFADevice returned a seed that is not Base32: \(error)")
        }
        let uri = try OTPKeyURI(issuer: "Amazon Web Services", accountName: "\(user)@\(account)", secret: secret)
        return NewVirtualDevice(serialNumber: created.serialNumber, user: user, account: account, keyURI: uri)
    }

    /// `EnableMFADevice` with two consecutive codes from `codes`; `seed` is the device's seed when we hold it
    /// (prompted codes are then checked locally first).
    public func enable(user: String, serialNumber: String, codes: AuthenticationCodeSource, seed: TOTP? = nil)
        async throws
    {
        if MFADeviceKind.classify(serialNumber: serialNumber) == .virtual {
            try await checkUnassignedVirtualDevice(serialNumber)
        }
        let (first, second) = try await obtain(codes, serialNumber: serialNumber, seed: seed)
        do {
            try await iam.enableMFADevice(userName: user, serialNumber: serialNumber, code1: first, code2: second)
        } catch let error as AWSServiceError {
            throw Self.explain(error, serialNumber: serialNumber, user: user)
        }
    }

    /// Creates a virtual device, hands it to `present` (QR code, files), then enables it. When anything after
    /// the creation fails or the task is cancelled (Ctrl-C), the new device is deleted again.
    /// - Throws: `EnrollmentFailure` saying what failed and whether the cleanup worked.
    public func enroll(
        user: String, name: String?, codes: AuthenticationCodeSource,
        present: @Sendable (NewVirtualDevice) async throws -> Void
    ) async throws -> NewVirtualDevice {
        let device = try await create(user: user, name: name)
        do {
            try Task.checkCancellation()
            try await present(device)
            try Task.checkCancellation()
            let (first, second) = try await obtain(codes, serialNumber: device.serialNumber, seed: device.keyURI.totp)
            try Task.checkCancellation()
            do {
                try await iam.enableMFADevice(
                    userName: user, serialNumber: device.serialNumber, code1: first, code2: second)
            } catch let error as AWSServiceError {
                throw Self.explain(error, serialNumber: device.serialNumber, user: user)
            }
            return device
        } catch {
            // Not a child of the (possibly cancelled) task: the cleanup itself must not be cancelled.
            let iam = self.iam
            let serial = device.serialNumber
            let cleanup = await Task.detached { () -> String? in
                do {
                    try await iam.deleteVirtualMFADevice(serialNumber: serial)
                    return nil
                } catch {
                    return "\(error)"
                }
            }.value
            throw EnrollmentFailure(cause: error, serialNumber: serial, cleanupError: cleanup)
        }
    }

    // MARK: Resync, deactivate, delete

    /// `ResyncMFADevice` with two consecutive codes, after checking the user has the device.
    public func resync(user: String, serialNumber: String, codes: AuthenticationCodeSource) async throws {
        try await checkAssigned(serialNumber, to: user)
        let (first, second) = try await obtain(codes, serialNumber: serialNumber, seed: nil)
        do {
            try await iam.resyncMFADevice(userName: user, serialNumber: serialNumber, code1: first, code2: second)
        } catch let error as AWSServiceError {
            throw Self.explain(error, serialNumber: serialNumber, user: user)
        }
    }

    /// `DeactivateMFADevice`, after checking the user has the device.
    public func deactivate(user: String, serialNumber: String) async throws {
        try await checkAssigned(serialNumber, to: user)
        do {
            try await iam.deactivateMFADevice(userName: user, serialNumber: serialNumber)
        } catch let error as AWSServiceError {
            throw Self.explain(error, serialNumber: serialNumber, user: user)
        }
    }

    /// The virtual device `serialNumber` as `ListVirtualMFADevices` shows it.
    /// - Throws: `MFAGuardFailure(.input)` when it is not a virtual device of this account.
    public func virtualDevice(_ serialNumber: String) async throws -> VirtualMFADevice {
        guard MFADeviceKind.classify(serialNumber: serialNumber) == .virtual else {
            let kind = MFADeviceKind.classify(serialNumber: serialNumber).displayName
            throw MFAGuardFailure(
                .input, "\(serialNumber) is a \(kind) device, not a virtual one: deactivate it with 'device deactivate'"
            )
        }
        for try await device in iam.listVirtualMFADevices(assignmentStatus: "Any")
        where device.serialNumber == serialNumber {
            return device
        }
        throw MFAGuardFailure(.input, "there is no virtual MFA device \(serialNumber) in this account")
    }

    /// `DeleteVirtualMFADevice`. An assigned device is refused unless `deactivateFirst`, which deactivates it
    /// for its user first. Returns the user it was deactivated for, if any.
    @discardableResult
    public func delete(serialNumber: String, deactivateFirst: Bool) async throws -> String? {
        let device = try await virtualDevice(serialNumber)
        var deactivatedFor: String?
        if device.userName != nil || device.userARN != nil {
            let owner = device.userName ?? device.userARN ?? ""
            guard deactivateFirst else {
                throw MFAGuardFailure(
                    .input, "\(serialNumber) is assigned to \(owner): pass --deactivate to deactivate it first")
            }
            try await deactivate(user: owner, serialNumber: serialNumber)
            deactivatedFor = owner
        }
        do {
            try await iam.deleteVirtualMFADevice(serialNumber: serialNumber)
        } catch let error as AWSServiceError {
            throw Self.explain(error, serialNumber: serialNumber, user: deactivatedFor ?? "")
        }
        return deactivatedFor
    }

    // MARK: Helpers

    func obtain(_ source: AuthenticationCodeSource, serialNumber: String, seed: TOTP?) async throws -> (String, String)
    {
        switch source {
        case .given(let first, let second):
            try AuthenticationCodes.checkFormat(first, second)
            if let seed, !AuthenticationCodes.areConsecutive(first, second, of: seed, near: now()) {
                throw MFAGuardFailure(.input, "the codes are not two consecutive codes of this device")
            }
            return (first, second)
        case .secretFile(let path):
            let key: OTPKeyURI
            do { key = try TOTPCodeGenerator.seed(from: try TOTPCodeGenerator.readSeedFile(path)) } catch {
                throw MFAGuardFailure(.input, "\(path): \(error)")
            }
            return try AuthenticationCodes.computed(by: key.totp, at: now())
        case .newDeviceSeed:
            guard let seed else { throw MFAGuardFailure(.input, "no seed of \(serialNumber) to compute codes from") }
            return try AuthenticationCodes.computed(by: seed, at: now())
        case .prompt:
            return try await AuthenticationCodes.prompt(
                on: console, serialNumber: serialNumber, totp: seed, now: now)
        }
    }

    func checkAssigned(_ serialNumber: String, to user: String) async throws {
        let devices = try await iam.listMFADevices(user)
        guard devices.contains(where: { $0.serialNumber == serialNumber }) else {
            let known = devices.map(\.serialNumber)
            throw MFAGuardFailure(
                .input,
                "user \(user) has no MFA device \(serialNumber)"
                    + (known.isEmpty ? " (they have none)" : " (theirs: \(known.joined(separator: ", ")))"))
        }
    }

    func checkUnassignedVirtualDevice(_ serialNumber: String) async throws {
        let device = try await virtualDevice(serialNumber)
        if let owner = device.userName ?? device.userARN {
            throw MFAGuardFailure(.input, "\(serialNumber) is already enabled for \(owner)")
        }
    }

    /// The AWS errors of device calls in words a person can act on.
    static func explain(_ error: AWSServiceError, serialNumber: String, user: String) -> any Error {
        let request = error.requestID.map { " [request id \($0)]" } ?? ""
        switch error.code {
        case "InvalidAuthenticationCode":
            return MFAGuardFailure(
                .aws,
                "AWS rejected the codes for \(serialNumber): they are wrong or not two consecutive codes, or a "
                    + "clock is off (the device's, or this machine's for computed codes)\(request)")
        case "EntityAlreadyExists":
            return MFAGuardFailure(
                .aws,
                "\(serialNumber) is already enabled (for \(user.isEmpty ? "a user" : user) or another user)"
                    + request)
        case "LimitExceeded":
            return MFAGuardFailure(.aws, "user \(user) has the most MFA devices AWS allows (8)\(request)")
        case "NoSuchEntity":
            return MFAGuardFailure(.input, "\(error.operation): \(error.message)\(request)")
        case "DeleteConflict":
            return MFAGuardFailure(.aws, "\(serialNumber) is still assigned: deactivate it first\(request)")
        default:
            return error
        }
    }
}

/// An enrollment that did not finish, and what became of the device it had created.
public struct EnrollmentFailure: UserFacingError, Sendable {
    /// What failed: an AWS or input error, or `CancellationError` for Ctrl-C.
    public var cause: any Error
    /// The ARN of the virtual device the enrollment created.
    public var serialNumber: String
    /// Why deleting the new device failed; `nil` when it was deleted.
    public var cleanupError: String?

    /// Whether Ctrl-C ended the enrollment (the CLI exits 130 then).
    public var interrupted: Bool { cause is CancellationError }

    /// The kind of `cause` (its exit status); `.aws` for an error that is not user-facing.
    public var failureKind: MFAGuardFailure.Kind {
        (cause as? any UserFacingError)?.failureKind ?? (cause as? MFAGuardFailure)?.kind ?? .aws
    }

    /// The cause and whether the device was deleted, else the `mfaguard device delete` command to run.
    public var description: String {
        let what = interrupted ? "interrupted" : "\(cause)"
        guard let cleanupError else {
            return "\(what); the new virtual device \(serialNumber) was deleted, nothing is left behind"
        }
        return "\(what); deleting the new virtual device \(serialNumber) failed too (\(cleanupError)): delete it "
            + "with 'mfaguard device delete --serial \(serialNumber)'"
    }
}
