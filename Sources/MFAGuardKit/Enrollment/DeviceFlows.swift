import AWSClient
import MFAGuardConsole

/// The `mfaguard device` subcommands from start to end, on `DeviceManager`: the command parses its options,
/// supplies how to ask (`Confirmation`), where the codes come from and where lines go (`progress`), and
/// calls one of these. A `user` of `nil` is the caller (`DeviceManager.user(_:)`).
public struct DeviceFlows: Sendable {
    /// Asks the person running the command `question`; returns to go on and throws to stop (a refusal,
    /// or no terminal to ask on). `--yes` returns at once.
    public typealias Confirmation = (_ question: String) async throws -> Void

    /// The IAM calls and the terminal the codes are asked for on.
    public var manager: DeviceManager
    /// Receives each line to show, without its final newline.
    public var progress: @Sendable (String) -> Void

    /// The flows of `manager`, telling `progress` what they did.
    public init(manager: DeviceManager, progress: @escaping @Sendable (String) -> Void) {
        self.manager = manager
        self.progress = progress
    }

    /// `device list`: the devices of `user`, or with `all` every device of the account.
    public func list(user: String?, all: Bool) async throws -> DeviceInventory {
        all
            ? try await DeviceInventory.account(iam: manager.iam)
            : try await DeviceInventory.devices(of: try await manager.user(user), iam: manager.iam)
    }

    /// `device create`: creates a virtual device named `name` (default: the user's name) for `user`; it
    /// stays unassigned until `enable`. Returns the user it was made for, with the device.
    public func create(user: String?, name: String?) async throws -> (user: String, device: NewVirtualDevice) {
        let user = try await manager.user(user)
        return (user, try await manager.create(user: user, name: name))
    }

    /// `device enroll`: creates a virtual device for `user`, hands it to `present` (QR code, files), and
    /// enables it with two codes from `codes`, in a task that Ctrl-C cancels (`InterruptSignal`): the new
    /// device is then deleted again (`DeviceManager.enroll`).
    /// - Throws: `EnrollmentFailure` (its `interrupted` says whether Ctrl-C ended it), or
    ///   `CancellationError` when Ctrl-C came before a device existed.
    @discardableResult
    public func enroll(
        user: String?, name: String?, codes: AuthenticationCodeSource,
        present: @escaping @Sendable (NewVirtualDevice) async throws -> Void
    ) async throws -> NewVirtualDevice {
        let manager = self.manager
        let user = try await manager.user(user)
        let device = try await InterruptSignal.cancelling(
            lastWords: "interrupted again; a virtual device may be left: check with 'mfaguard device list --all'"
        ) {
            try await manager.enroll(user: user, name: name, codes: codes, present: present)
        }
        progress("Enabled \(device.serialNumber) for \(user).")
        return device
    }

    /// `device enable`: enables the device `serialNumber` for `user` with two codes from `codes`.
    public func enable(user: String?, serialNumber: String, codes: AuthenticationCodeSource) async throws {
        let user = try await manager.user(user)
        try await manager.enable(user: user, serialNumber: serialNumber, codes: codes)
        progress("Enabled \(serialNumber) for \(user).")
    }

    /// `device resync`: asks `confirm`, then resynchronises `user`'s device with two codes from `codes`.
    public func resync(
        user: String?, serialNumber: String, codes: AuthenticationCodeSource, confirm: Confirmation
    ) async throws {
        let user = try await manager.user(user)
        try await confirm("Resync MFA device \(serialNumber) of user \(user)?")
        try await manager.resync(user: user, serialNumber: serialNumber, codes: codes)
        progress("Resynchronised \(serialNumber) of \(user).")
    }

    /// `device deactivate`: asks `confirm`, then deactivates `user`'s device.
    public func deactivate(user: String?, serialNumber: String, confirm: Confirmation) async throws {
        let user = try await manager.user(user)
        try await confirm("Deactivate MFA device \(serialNumber) of user \(user)? They will sign in without it.")
        try await manager.deactivate(user: user, serialNumber: serialNumber)
        progress("Deactivated \(serialNumber) of \(user).")
    }

    /// `device delete`: refuses an assigned device unless `deactivateFirst`, asks `confirm`, then deletes
    /// the virtual device (deactivating it for its user first when assigned).
    public func delete(serialNumber: String, deactivateFirst: Bool, confirm: Confirmation) async throws {
        let device = try await manager.virtualDevice(serialNumber)
        let owner = device.userName ?? device.userARN
        if let owner, !deactivateFirst {
            throw MFAGuardFailure(
                .input, "\(serialNumber) is assigned to \(owner): pass --deactivate to deactivate it first")
        }
        try await confirm(
            owner.map { "Deactivate \(serialNumber) for \($0) and delete it?" }
                ?? "Delete virtual MFA device \(serialNumber)?")
        let deactivatedFor = try await manager.delete(serialNumber: serialNumber, deactivateFirst: deactivateFirst)
        progress("Deleted \(serialNumber)" + (deactivatedFor.map { " (deactivated for \($0) first)." } ?? "."))
    }
}
