import ArgumentParser
import Foundation
import LocalFiles
import MFAGuardConsole
import MFAGuardKit
import QuickCommands

/// `mfaguard device`: list, create, enable, enrol, resync, deactivate and delete MFA devices.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "List, create, enable, enrol, resync, deactivate and delete MFA devices.",
        discussion: """
            --user defaults to the caller (GetCallerIdentity), so users can manage their own devices with \
            the self-service permissions of 'mfaguard policy generate self-manage-mfa'. Codes are asked for \
            on the terminal (/dev/tty); seeds are shown or written only when asked.
            """,
        subcommands: [List.self, Create.self, Enable.self, Enroll.self, Resync.self, Deactivate.self, Delete.self]
    )
}

/// `--user`, defaulting to the caller.
struct DeviceUserOption: ParsableArguments {
    @Option(help: "The IAM user (default: the caller, when it is an IAM user).")
    var user: String?

    func validate() throws {
        if let user, !DeviceNames.isValid(user, maxLength: 64) {
            throw ValidationError("--user '\(user)' is not an IAM user name (letters, digits and +=,.@_-).")
        }
    }
}

/// `--serial`.
struct DeviceSerialOption: ParsableArguments {
    @Option(help: "The device's serial number: a virtual device's ARN or a hardware token's serial.")
    var serial: String

    func validate() throws {
        guard serial.count >= 9, serial.count <= 256,
            serial.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+=/:,.@_-".contains($0)) })
        else {
            throw ValidationError("--serial '\(serial)' is not an MFA serial number (an ARN or 9-256 characters).")
        }
    }
}

/// Where the two codes come from: `--code1/--code2`, `--secret-file`, else the terminal.
struct DeviceCodeOptions: ParsableArguments {
    @Option(help: "The first of two consecutive codes.")
    var code1: String?

    @Option(help: "The code that follows --code1.")
    var code2: String?

    @Option(
        name: .customLong("secret-file"),
        help: "Compute the codes from the seed in this file (Base32 or otpauth:// URI), for automation.")
    var secretFile: String?

    func validate() throws {
        guard (code1 == nil) == (code2 == nil) else { throw ValidationError("Give both --code1 and --code2.") }
        if code1 != nil && secretFile != nil {
            throw ValidationError("Give either --code1/--code2 or --secret-file, not both.")
        }
        for code in [code1, code2].compactMap({ $0 }) where !AuthenticationCodes.isWellFormed(code) {
            throw ValidationError("The code '\(code)' is not 6 digits.")
        }
    }

    var source: AuthenticationCodeSource {
        if let code1, let code2 { return .given(code1, code2) }
        if let secretFile { return .secretFile(secretFile) }
        return .prompt
    }
}

/// How a new device is shown and saved: QR code in the terminal, PNG/SVG files, the seed.
struct NewDeviceOptions: ParsableArguments {
    @Option(help: "Device name (default: the user's name). Names are free: a user may have up to 8 devices.")
    var name: String?

    @Option(help: ArgumentHelp("Also write the QR code as a PNG image (mode 0600).", valueName: "file"))
    var png: String?

    @Option(help: ArgumentHelp("Also write the QR code as an SVG image (mode 0600).", valueName: "file"))
    var svg: String?

    @Option(
        name: .customLong("secret-out"),
        help: ArgumentHelp("Write the Base32 seed to this file (mode 0600) for automation.", valueName: "file"))
    var secretOut: String?

    @Flag(help: "Print the Base32 seed (for apps that cannot scan).")
    var showSecret = false

    @Flag(help: "Do not draw the QR code in the terminal.")
    var noQR = false

    func validate() throws {
        if let name, !DeviceNames.isValid(name, maxLength: 226) {
            throw ValidationError("--name '\(name)' is not a device name (letters, digits and +=,.@_-).")
        }
    }

    /// Writes the files asked for and returns the text for the terminal.
    func save(_ device: NewVirtualDevice, colors: Bool) throws -> String {
        let code = try device.qrCode()
        if let png { try QRCodeExport.writePNG(code, of: device.keyURI.uri, to: png) }
        if let svg { try QRCodeExport.writeSVG(code, of: device.keyURI.uri, to: svg) }
        if let secretOut {
            try device.writeSeed(to: secretOut)
            Console.error(NewVirtualDevice.storedSeedWarning(path: secretOut) + "\n")
        }
        return try device.text(qr: !noQR, colors: colors, showSecret: showSecret)
    }
}

/// IAM's name rules (`[\w+=,.@-]+`).
enum DeviceNames {
    static func isValid(_ name: String, maxLength: Int) -> Bool {
        !name.isEmpty && name.count <= maxLength
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
    }
}

func colorsWanted(_ global: GlobalOptions, destination: OutputDestination) -> Bool {
    destination.colorEnabled(noColorFlag: global.noColor)
}

extension DeviceCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List MFA devices with their kind, user and enable date.",
            discussion: """
                Kinds: virtual, FIDO security key/passkey, hardware TOTP, SMS. --all lists the whole \
                account: every virtual device (assigned or not, one ListVirtualMFADevices) and every \
                user's devices (ListUsers, then one ListMFADevices call per user).
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption

        @Flag(help: "Every device of the account, unassigned virtual devices included (one call per user).")
        var all = false

        @Option(help: "Output format: table or json.")
        var format: TableOrJSON = .table

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
        var output: String?

        func validate() throws {
            if all && userOption.user != nil { throw ValidationError("Give either --user or --all, not both.") }
        }

        func run() async throws {
            let inventory = try await DeviceFlows(
                manager: DeviceManager(session: try global.session()), progress: { print($0) }
            ).list(user: userOption.user, all: all)
            try OutputDestination(path: output).write(format == .json ? inventory.json() : inventory.table())
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a virtual MFA device and show its QR code.",
            discussion: """
                The device is not assigned until 'mfaguard device enable' (or use 'device enroll' for both \
                in one go). The seed is printed only with --show-secret and written only to --secret-out, \
                --png and --svg files, with mode 0600.
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption
        @OptionGroup var newDevice: NewDeviceOptions

        @Option(help: "Output format: table (QR code and serial) or json.")
        var format: TableOrJSON = .table

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
        var output: String?

        func run() async throws {
            let (user, device) = try await DeviceFlows(
                manager: DeviceManager(session: try global.session()), progress: { print($0) }
            ).create(user: userOption.user, name: newDevice.name)
            let destination = OutputDestination(path: output)
            let text = try newDevice.save(device, colors: colorsWanted(global, destination: destination))
            let contents: OutputFile.Contents = newDevice.showSecret ? .sensitive : .report
            if format == .json {
                try destination.write(device.json(showSecret: newDevice.showSecret), contents: contents)
            } else {
                try destination.write(
                    text + "\nEnable it with: mfaguard device enable --user \(user) --serial \(device.serialNumber)",
                    contents: contents)
            }
        }
    }

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enroll",
            abstract: "Create a virtual MFA device, show its QR code and enable it with two codes.",
            discussion: """
                If enabling fails or is interrupted (Ctrl-C), the new device is deleted again so nothing is \
                left orphaned. --compute-codes enables it with codes computed from the seed, for service \
                accounts; it needs --secret-out, or nobody could produce a code afterwards.
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var userOption: DeviceUserOption
        @OptionGroup var newDevice: NewDeviceOptions

        @Flag(help: "Enable with codes computed from the new seed instead of asking (needs --secret-out).")
        var computeCodes = false

        func validate() throws {
            if computeCodes && newDevice.secretOut == nil {
                throw ValidationError("--compute-codes needs --secret-out: the seed would be lost otherwise.")
            }
        }

        func run() async throws {
            let options = newDevice
            let colors = colorsWanted(global, destination: OutputDestination(path: nil))
            let codes: AuthenticationCodeSource = computeCodes ? .newDeviceSeed : .prompt
            let flows = DeviceFlows(manager: DeviceManager(session: try global.session()), progress: { print($0) })
            do {
                try await flows.enroll(user: userOption.user, name: options.name, codes: codes) { device in
                    let text = try options.save(device, colors: colors)
                    Console.outputLine(text)
                }
            } catch let failure as EnrollmentFailure where failure.interrupted {
                // After the terminal's "^C", on a line of its own.
                if Console.errorIsTerminal { Console.error("\n") }
                Console.report("\(failure)")
                throw MFAGuardFailure(.interrupted)
            } catch is CancellationError {
                // Interrupted before a device existed.
                Console.report("interrupted; no device was created")
                throw MFAGuardFailure(.interrupted)
            }
        }
    }
}
