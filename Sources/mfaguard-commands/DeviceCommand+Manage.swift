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
            try await DeviceFlows(manager: DeviceManager(session: try global.session()), progress: { print($0) })
                .enable(user: userOption.user, serialNumber: serialOption.serial, codes: codeOptions.source)
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
            try await DeviceFlows(manager: manager, progress: { print($0) }).resync(
                user: userOption.user, serialNumber: serialOption.serial, codes: codeOptions.source,
                confirm: { question in
                    try await manager.console.confirm(
                        question, yes: yes, refusal: "refusing to resync \(serialOption.serial)")
                })
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
            try await DeviceFlows(manager: manager, progress: { print($0) }).deactivate(
                user: userOption.user, serialNumber: serialOption.serial,
                confirm: { question in
                    try await manager.console.confirm(
                        question, yes: yes, refusal: "refusing to deactivate \(serialOption.serial)")
                })
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
            try await DeviceFlows(manager: manager, progress: { print($0) }).delete(
                serialNumber: serial, deactivateFirst: deactivate,
                confirm: { question in
                    try await manager.console.confirm(question, yes: yes, refusal: "refusing to delete \(serial)")
                })
        }
    }
}
