import ArgumentParser
import MFAGuardKit

extension DeviceCommand {
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable",
            abstract: "Enable (assign) an MFA device for a user with two consecutive codes.",
            discussion: """
                Works for virtual devices (by ARN) and hardware TOTP tokens (by serial number). Codes come \
                from --code1/--code2, from --secret-file (computed), or are asked for on the terminal.
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption
        @OptionGroup var serialOption: DeviceSerialOption
        @OptionGroup var codeOptions: DeviceCodeOptions

        func run() async throws {
            let manager = DeviceManager(session: try global.session())
            let user = try await manager.user(userOption.user)
            try await manager.enable(user: user, serialNumber: serialOption.serial, codes: codeOptions.source)
            Console.outputLine("Enabled \(serialOption.serial) for \(user).")
        }
    }

    struct Resync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resync",
            abstract: "Resynchronise a user's MFA device with two consecutive codes.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption
        @OptionGroup var serialOption: DeviceSerialOption
        @OptionGroup var codeOptions: DeviceCodeOptions

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() async throws {
            let manager = DeviceManager(session: try global.session())
            let user = try await manager.user(userOption.user)
            try await manager.console.confirm(
                "Resync MFA device \(serialOption.serial) of user \(user)?", yes: yes,
                refusal: "refusing to resync \(serialOption.serial)")
            try await manager.resync(user: user, serialNumber: serialOption.serial, codes: codeOptions.source)
            Console.outputLine("Resynchronised \(serialOption.serial) of \(user).")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deactivate",
            abstract: "Deactivate (unassign) a user's MFA device; a virtual device stays until deleted.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption
        @OptionGroup var serialOption: DeviceSerialOption

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() async throws {
            let manager = DeviceManager(session: try global.session())
            let user = try await manager.user(userOption.user)
            try await manager.console.confirm(
                "Deactivate MFA device \(serialOption.serial) of user \(user)? They will sign in without it.",
                yes: yes, refusal: "refusing to deactivate \(serialOption.serial)")
            try await manager.deactivate(user: user, serialNumber: serialOption.serial)
            Console.outputLine("Deactivated \(serialOption.serial) of \(user).")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a virtual MFA device; an assigned one only with --deactivate.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var serialOption: DeviceSerialOption

        @Flag(help: "Deactivate the device for its user first when it is assigned.")
        var deactivate = false

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        func run() async throws {
            let manager = DeviceManager(session: try global.session())
            let serial = serialOption.serial
            let device = try await manager.virtualDevice(serial)
            let owner = device.userName ?? device.userARN
            if let owner, !deactivate {
                throw MFAGuardFailure(
                    .input, "\(serial) is assigned to \(owner): pass --deactivate to deactivate it first")
            }
            try await manager.console.confirm(
                owner.map { "Deactivate \(serial) for \($0) and delete it?" } ?? "Delete virtual MFA device \(serial)?",
                yes: yes, refusal: "refusing to delete \(serial)")
            let deactivatedFor = try await manager.delete(serialNumber: serial, deactivateFirst: deactivate)
            Console.outputLine("Deleted \(serial)" + (deactivatedFor.map { " (deactivated for \($0) first)." } ?? "."))
        }
    }
}
